package dev.weft.e2e.cnm;

import dev.weft.e2e.testing.Dockerd;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Jvm;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real dockerd (Debian docker.io) in a namespace of its own, using {@code weft cnm serve} as its
 * network and IPAM driver: the README's two commands, two containers reaching each other, and
 * {@code docker network rm} leaving no address behind. (The agent serving the drivers, on a lab,
 * with policy and restarts: {@code CnmLabTest}.)
 */
@RequiresRoot
class CnmDockerTest {
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
    void twoContainersOnAWeftNetworkReachEachOtherAndRmReleasesEveryAddress() throws Exception {
        String ns = netns.create("wt-cnm");
        String name = "weft-" + ns;
        Path drv = Files.createDirectories(tmp.resolve("drv"));
        Files.writeString(drv.resolve("subnet.env"),
                "WEFT_NETWORK=10.88.0.0/16\nWEFT_SUBNET=10.88.3.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=false\n");
        Path socket = Dockerd.pluginSocket(name); // found by Docker's discovery, no spec file
        Daemon driver = Daemon.start("weft cnm", ns, tmp.resolve("cnm.log"), Jvm.java(), "--enable-native-access=ALL-UNNAMED",
                "-cp", Jvm.classpath(), WeftCli.MAIN, "cnm", "serve", "--socket", socket.toString(),
                "--state-dir", drv.resolve("state").toString(), "--subnet-file", drv.resolve("subnet.env").toString(),
                "--ipam-data-dir", drv.resolve("ipam").toString());
        closing.add(driver);
        driver.awaitReady(Duration.ofSeconds(30), () -> Files.exists(socket));
        Dockerd d = new Dockerd(tmp.resolve("docker"), ns, name);
        closing.add(d);

        assertThat(d.docker("network", "create", "-d", name, "--ipam-driver", name, "NET").check().ok()).isTrue();
        for (String c : List.of("ca", "cb")) {
            d.docker("run", "-d", "--name", c, "--network", "NET", Dockerd.IMAGE, "sleep", "600").check();
        }
        String b = d.docker("inspect", "-f", "{{.NetworkSettings.Networks.NET.IPAddress}}", "cb").check().out().strip();
        assertThat(b).startsWith("10.88.3.");
        Proc.Result ping = d.docker("exec", "ca", "ping", "-c", "1", "-W", "2", b);
        assertThat(ping.exit()).as(ping.out() + ping.err()).isZero();
        assertThat(addresses(drv.resolve("ipam/weft"))).hasSize(2);

        d.docker("rm", "-f", "ca", "cb").check();
        d.docker("network", "rm", "NET").check();
        assertThat(addresses(drv.resolve("ipam/weft"))).isEmpty();
        assertThat(Files.readString(drv.resolve("state/state.json"))).isEqualTo("{\"pools\":[],\"networks\":[],\"endpoints\":[]}");
        assertThat(Proc.run("ip", "netns", "list").out()).doesNotContain("weft-cnm-");
    }

    private static List<String> addresses(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\..*")).toList();
        }
    }
}
