package dev.weft.e2e;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Proc;
import dev.weft.testkit.Netns;
import dev.weft.e2e.testing.PluginLaunchers;
import dev.weft.e2e.testing.Podman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference runtime direction: podman (Go libcni) runs the reference bridge, which delegates
 * IPAM to weft-host-local. Two containers get distinct addresses and reach each other, and
 * {@code podman rm} gives the addresses back.
 */
@RequiresRoot
class PodmanHostLocalTest {
    @TempDir
    Path tmp;
    private final Netns netns = new Netns();
    private Podman podman;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(Path.of("/usr/bin/podman")).as("apt-get install podman runc busybox-static").exists();
        String ns = netns.create("wt-podman");
        Path bin = PluginLaunchers.write(tmp.resolve("bin"));
        podman = new Podman(tmp.resolve("podman"), ns, List.of(Path.of("/usr/lib/cni"), bin));
        Files.writeString(podman.confDir().resolve("10-weftpod.conflist"), """
                {"cniVersion": "1.0.0", "name": "weftpod", "plugins": [
                  {"type": "bridge", "bridge": "wtpod0", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "weft-host-local", "dataDir": "%s",
                            "ranges": [[{"subnet": "10.66.0.0/24"}]]}}]}
                """.formatted(tmp.resolve("ipam")));
    }

    @AfterEach
    void tearDown() {
        if (podman != null) {
            podman.close();
        }
        netns.close();
    }

    private List<String> allocations() throws IOException {
        Path dir = tmp.resolve("ipam/weftpod");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("10.66.")).sorted().toList();
        }
    }

    @Test
    void twoContainersGetWeftAddressesAndTalk() throws IOException {
        for (String name : List.of("a", "b")) {
            Podman.check(podman.run("run", "-d", "--name", name, "--network", "weftpod",
                    "localhost/weft-busybox:latest", "sleep", "600"), "podman run " + name);
        }
        assertThat(allocations()).containsExactly("10.66.0.2", "10.66.0.3");
        String addrB = Podman.check(podman.run("exec", "b", "ip", "-4", "-o", "addr", "show", "eth0"), "exec").out();
        assertThat(addrB).contains("10.66.0.");
        String ipB = addrB.replaceAll("(?s).*inet (10\\.66\\.0\\.\\d+)/.*", "$1");
        Proc.Result ping = podman.run("exec", "a", "ping", "-c", "1", "-W", "2", ipB);
        assertThat(ping.exit()).as(ping.out() + ping.err()).isZero();

        Podman.check(podman.run("rm", "--force", "--time", "0", "a", "b"), "podman rm");
        assertThat(allocations()).isEmpty();
    }
}
