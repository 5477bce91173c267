package dev.weft.e2e.cnm;

import dev.weft.testkit.Await;
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
 * {@code docker network rm} leaving no address behind. dockerd 20.10 found the plugin only by a
 * spec file in the global {@code /etc/docker/plugins} (a unique name, removed at teardown).
 */
@RequiresRoot
class CnmDockerTest {
    private static final String DOCKER = "/usr/bin/docker"; // /usr/local/bin may hold another client
    private final Netns netns = new Netns();
    private final List<AutoCloseable> closing = new ArrayList<>();
    @TempDir
    Path tmp;
    private Path spec;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        if (spec != null) {
            Files.deleteIfExists(spec);
        }
        unmountUnder(tmp);
        netns.close();
    }

    private Proc.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", "unix://" + tmp.resolve("docker.sock")));
        cmd.addAll(List.of(args));
        return Proc.run(cmd);
    }

    @Test
    void twoContainersOnAWeftNetworkReachEachOtherAndRmReleasesEveryAddress() throws Exception {
        String ns = netns.create("wt-cnm");
        String name = "weft-" + ns;
        Path drv = Files.createDirectories(tmp.resolve("drv"));
        Files.writeString(drv.resolve("subnet.env"),
                "WEFT_NETWORK=10.88.0.0/16\nWEFT_SUBNET=10.88.3.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=false\n");
        Daemon driver = Daemon.start("weft cnm", ns, tmp.resolve("cnm.log"), Jvm.java(), "--enable-native-access=ALL-UNNAMED",
                "-cp", Jvm.classpath(), WeftCli.MAIN, "cnm", "serve", "--socket", drv.resolve("weft.sock").toString(),
                "--state-dir", drv.resolve("state").toString(), "--subnet-file", drv.resolve("subnet.env").toString(),
                "--ipam-data-dir", drv.resolve("ipam").toString());
        closing.add(driver);
        driver.awaitReady(Duration.ofSeconds(30), () -> Files.exists(drv.resolve("weft.sock")));
        spec = Path.of("/etc/docker/plugins").resolve(name + ".spec");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, "unix://" + drv.resolve("weft.sock") + "\n");

        Daemon dockerd = Daemon.start("dockerd", ns, tmp.resolve("dockerd.log"), "dockerd",
                "--data-root", tmp.resolve("data").toString(), "--exec-root", tmp.resolve("exec").toString(),
                "--pidfile", tmp.resolve("docker.pid").toString(), "-H", "unix://" + tmp.resolve("docker.sock"),
                "--iptables=false", "--ip6tables=false", "--bridge=none",
                "--containerd-namespace", ns, "--containerd-plugins-namespace", ns + "p")
                .withPidFile(tmp.resolve("docker.pid"));
        closing.add(dockerd);
        dockerd.awaitReady(Duration.ofSeconds(60), () -> docker("version").ok());
        importBusybox();

        assertThat(docker("network", "create", "-d", name, "--ipam-driver", name, "NET").check().ok()).isTrue();
        for (String c : List.of("ca", "cb")) {
            docker("run", "-d", "--name", c, "--network", "NET", "wt-busybox:latest", "sleep", "600").check();
        }
        String b = docker("inspect", "-f", "{{.NetworkSettings.Networks.NET.IPAddress}}", "cb").check().out().strip();
        assertThat(b).startsWith("10.88.3.");
        Proc.Result ping = docker("exec", "ca", "ping", "-c", "1", "-W", "2", b);
        assertThat(ping.exit()).as(ping.out() + ping.err()).isZero();
        assertThat(addresses(drv.resolve("ipam/weft"))).hasSize(2);

        docker("rm", "-f", "ca", "cb").check();
        docker("network", "rm", "NET").check();
        assertThat(addresses(drv.resolve("ipam/weft"))).isEmpty();
        assertThat(Files.readString(drv.resolve("state/state.json"))).isEqualTo("{\"pools\":[],\"networks\":[],\"endpoints\":[]}");
        assertThat(Proc.run("ip", "netns", "list").out()).doesNotContain("weft-cnm-");
    }

    private void importBusybox() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
        for (String applet : List.of("sh", "ping", "sleep", "ip")) {
            Files.createSymbolicLink(root.resolve(applet), Path.of("busybox"));
        }
        Proc.run("sh", "-c", "tar -C " + tmp.resolve("rootfs") + " -c . | " + DOCKER + " -H unix://"
                + tmp.resolve("docker.sock") + " import - wt-busybox:latest").check();
    }

    private static List<String> addresses(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\..*")).toList();
        }
    }

    /** dockerd's overlay and netns mounts under the test's directory, if it left any. */
    private static void unmountUnder(Path dir) throws IOException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(dir.toString())).sorted(java.util.Comparator.reverseOrder()).toList();
        for (String m : mounts) {
            Proc.run("umount", "-l", m);
        }
    }
}
