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
 * podman (Go libcni) driving weft's own plugins: weft-bridge with weft-host-local, alone and
 * chained with the reference portmap, tuning and firewall plugins (prevResult interop both ways).
 */
@RequiresRoot
class PodmanWeftBridgeTest {
    @TempDir
    Path tmp;
    private final Netns netns = new Netns();
    private String ns;
    private Podman podman;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(Path.of("/usr/bin/podman")).as("apt-get install podman runc busybox-static").exists();
        ns = netns.create("wt-podw");
        Path bin = PluginLaunchers.write(tmp.resolve("bin"));
        podman = new Podman(tmp.resolve("podman"), ns, List.of(bin, Path.of("/usr/lib/cni")));
    }

    @AfterEach
    void tearDown() {
        if (podman != null) {
            podman.close();
        }
        netns.close();
    }

    private void network(String name, String subnet, String extraPlugins) throws IOException {
        Files.writeString(podman.confDir().resolve("20-" + name + ".conflist"), """
                {"cniVersion": "1.0.0", "name": "%s", "plugins": [
                  {"type": "weft-bridge", "bridge": "wt-%s", "isDefaultGateway": true, "ipMasq": true,
                   "ipam": {"type": "weft-host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s"}]]}}%s]}
                """.formatted(name, name, tmp.resolve("ipam"), subnet, extraPlugins));
    }

    private List<String> allocations(String network) throws IOException {
        Path dir = tmp.resolve("ipam").resolve(network);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\..*")).sorted().toList();
        }
    }

    private String addressOf(String container) {
        String out = Podman.check(podman.run("exec", container, "ip", "-4", "-o", "addr", "show", "eth0"), "exec").out();
        return out.replaceAll("(?s).*inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/.*", "$1");
    }

    @Test
    void weftBridgeNetworkConnectsTwoContainersAndRmReleases() throws IOException {
        network("weftnet", "10.67.0.0/24", "");
        for (String c : List.of("a", "b")) {
            Podman.check(podman.run("run", "-d", "--name", c, "--network", "weftnet", "localhost/weft-busybox:latest",
                    "sleep", "600"), "podman run " + c);
        }
        assertThat(allocations("weftnet")).containsExactly("10.67.0.2", "10.67.0.3");
        Proc.Result ping = podman.run("exec", "a", "ping", "-c", "1", "-W", "2", addressOf("b"));
        assertThat(ping.exit()).as(ping.out() + ping.err()).isZero();
        assertThat(Proc.inNetns(ns, "nft", "list", "table", "inet", "weft_masq").out()).contains("10.67.0.2");

        Podman.check(podman.run("rm", "--force", "--time", "0", "a", "b"), "podman rm");
        assertThat(allocations("weftnet")).isEmpty();
        assertThat(Proc.inNetns(ns, "nft", "list", "tables").out()).doesNotContain("weft_masq");
    }

    @Test
    void chainedWithReferencePortmapTuningAndFirewall() throws IOException {
        network("chain", "10.68.0.0/24", """
                ,
                  {"type": "portmap", "capabilities": {"portMappings": true}},
                  {"type": "tuning", "sysctl": {"net.ipv4.conf.eth0.rp_filter": "2"}},
                  {"type": "firewall", "backend": "iptables"}""");
        Podman.check(podman.run("run", "-d", "--name", "web", "--network", "chain", "-p", "18080:80",
                "localhost/weft-busybox:latest", "httpd", "-f", "-p", "80", "-h", "/"), "podman run web");
        Podman.check(podman.run("run", "-d", "--name", "client", "--network", "chain",
                "localhost/weft-busybox:latest", "sleep", "600"), "podman run client");
        assertThat(allocations("chain")).hasSize(2);

        String web = addressOf("web");
        assertThat(podman.run("exec", "web", "cat", "/proc/sys/net/ipv4/conf/eth0/rp_filter").out().strip())
                .as("tuning ran after weft-bridge on its prevResult").isEqualTo("2");
        String nat = Proc.inNetns(ns, "iptables-save", "-t", "nat").out();
        assertThat(nat).as("portmap read weft-bridge's prevResult").contains("--to-destination " + web + ":80");
        assertThat(Proc.inNetns(ns, "iptables-save", "-t", "filter").out()).contains("CNI-FORWARD");
        // busybox-static's wget resolves even literal addresses through NSS and crashes; speak HTTP with nc.
        Proc.Result get = podman.run("exec", "client", "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + web + " 80");
        assertThat(get.out()).as("the firewall admits pod traffic: " + get.err()).startsWith("HTTP/1.");

        Podman.check(podman.run("rm", "--force", "--time", "0", "web", "client"), "podman rm");
        assertThat(allocations("chain")).isEmpty();
        assertThat(Proc.inNetns(ns, "iptables-save", "-t", "nat").out()).doesNotContain("--to-destination " + web);
    }
}
