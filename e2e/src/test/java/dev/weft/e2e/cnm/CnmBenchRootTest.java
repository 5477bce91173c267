package dev.weft.e2e.cnm;

import dev.weft.e2e.testing.Dockerd;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Jvm;
import dev.weft.testkit.Netns;
import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's benchmark, opt-in ({@code -Dweft.bench.cnm=true}, runs {@code -Dweft.bench.cnm.runs},
 * default 7): wall time of {@code docker run -d} — which returns once the container runs, its
 * network configured before its process starts — on a weft network beside a network of Docker's
 * own bridge driver, same dockerd, runs alternated after one warm-up each. Prints a Markdown table;
 * asserts only that every container ran with an address on its network (a benchmark, not a timed
 * test).
 */
@RequiresRoot
@EnabledIfSystemProperty(named = "weft.bench.cnm", matches = "true")
class CnmBenchRootTest {
    private final Netns netns = new Netns();
    private final List<AutoCloseable> closing = new ArrayList<>();
    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        netns.close();
    }

    @Test
    void dockerRunOnWeftBesideDockersBridge() throws Exception {
        int runs = Integer.getInteger("weft.bench.cnm.runs", 7);
        String ns = netns.create("wt-cnmb");
        String name = "weft-" + ns;
        Path drv = Files.createDirectories(tmp.resolve("drv"));
        Files.writeString(drv.resolve("subnet.env"),
                "WEFT_NETWORK=10.89.0.0/16\nWEFT_SUBNET=10.89.3.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=false\n");
        Path socket = Dockerd.pluginSocket(name);
        Daemon driver = Daemon.start("weft cnm", ns, tmp.resolve("cnm.log"), Jvm.java(), "--enable-native-access=ALL-UNNAMED",
                "-cp", Jvm.classpath(), WeftCli.MAIN, "cnm", "serve", "--socket", socket.toString(),
                "--state-dir", drv.resolve("state").toString(), "--subnet-file", drv.resolve("subnet.env").toString(),
                "--ipam-data-dir", drv.resolve("ipam").toString());
        closing.add(driver);
        driver.awaitReady(Duration.ofSeconds(30), () -> Files.exists(socket));
        Dockerd d = new Dockerd(tmp.resolve("docker"), ns, name);
        closing.add(d);
        d.docker("network", "create", "-d", name, "--ipam-driver", name, "wnet").check();
        d.docker("network", "create", "-d", "bridge", "--subnet", "172.29.0.0/24", "bnet").check();

        long[] weft = new long[runs];
        long[] bridge = new long[runs];
        run(d, "wnet", "w-warm");
        run(d, "bnet", "b-warm");
        for (int i = 0; i < runs; i++) {
            weft[i] = run(d, "wnet", "w" + i);
            bridge[i] = run(d, "bnet", "b" + i);
        }
        double w = median(weft) / 1e6;
        double b = median(bridge) / 1e6;
        System.err.printf("%n| driver | docker run -d, median of %d (ms) | min | max |%n|---|---|---|---|%n", runs);
        System.err.printf("| weft | %.0f | %.0f | %.0f |%n", w, min(weft) / 1e6, max(weft) / 1e6);
        System.err.printf("| Docker bridge | %.0f | %.0f | %.0f |%n", b, min(bridge) / 1e6, max(bridge) / 1e6);
        System.err.printf("| ratio | %.2f× (goal ≤ 1.2×) | | |%n%n", w / b);
    }

    /** One {@code docker run -d}; its wall time in ns, after checking the container has an address on {@code net}. */
    private static long run(Dockerd d, String net, String container) {
        long t0 = System.nanoTime();
        d.docker("run", "-d", "--name", container, "--network", net, Dockerd.IMAGE, "sleep", "600").check();
        long t = System.nanoTime() - t0;
        String ip = d.docker("inspect", "-f", "{{.NetworkSettings.Networks." + net + ".IPAddress}}", container).check().out().strip();
        assertThat(ip).as(container).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        return t;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static double min(long[] xs) {
        return Arrays.stream(xs).min().orElseThrow();
    }

    private static double max(long[] xs) {
        return Arrays.stream(xs).max().orElseThrow();
    }
}
