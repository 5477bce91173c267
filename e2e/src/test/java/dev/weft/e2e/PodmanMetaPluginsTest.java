package dev.weft.e2e;

import dev.weft.e2e.testing.PluginLaunchers;
import dev.weft.e2e.testing.Podman;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman (Go libcni) with only weft's plugins — weft-bridge, weft-portmap, weft-firewall,
 * weft-tuning and weft-bandwidth — and no reference plugin on its plugin path:
 * {@code podman run -p 8080:80} is reachable from the namespace podman runs in (its localhost
 * and the bridge's address), from another container and from the container itself (hairpin), and
 * {@code podman rm} leaves no rule, qdisc or IFB behind.
 */
@RequiresRoot
class PodmanMetaPluginsTest {
    @TempDir
    Path tmp;
    private final Netns netns = new Netns();
    private String ns;
    private Podman podman;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(Path.of("/usr/bin/podman")).as("apt-get install podman runc busybox-static").exists();
        ns = netns.create("wt-podm");
        Path bin = PluginLaunchers.write(tmp.resolve("bin"));
        podman = new Podman(tmp.resolve("podman"), ns, List.of(bin));
        Files.writeString(podman.confDir().resolve("30-weftmeta.conflist"), """
                {"cniVersion": "1.0.0", "name": "weftmeta", "plugins": [
                  {"type": "weft-bridge", "bridge": "wt-meta", "isDefaultGateway": true, "ipMasq": true, "hairpinMode": true,
                   "ipam": {"type": "weft-host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.69.0.0/24"}]]}},
                  {"type": "weft-portmap", "capabilities": {"portMappings": true}},
                  {"type": "weft-firewall"},
                  {"type": "weft-tuning", "sysctl": {"net.ipv4.conf.IFNAME.rp_filter": "2"}, "dataDir": "%s"},
                  {"type": "weft-bandwidth", "egressRate": 50000000, "egressBurst": 800000}]}
                """.formatted(tmp.resolve("ipam"), tmp.resolve("tuning")));
    }

    @AfterEach
    void tearDown() {
        if (podman != null) {
            podman.close();
        }
        netns.close();
    }

    /** busybox-static's wget resolves even literal addresses through NSS and crashes; speak HTTP with nc. */
    private Proc.Result httpFrom(String container, String address) {
        return podman.run("exec", container, "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + address + " 8080");
    }

    @Test
    void aPublishedPortIsReachableFromTheHostAnotherContainerAndItself() {
        Podman.check(podman.run("run", "-d", "--name", "web", "--network", "weftmeta", "-p", "8080:80",
                "localhost/weft-busybox:latest", "httpd", "-f", "-p", "80", "-h", "/"), "podman run web");
        Podman.check(podman.run("run", "-d", "--name", "client", "--network", "weftmeta",
                "localhost/weft-busybox:latest", "sleep", "600"), "podman run client");

        assertThat(Proc.inNetns(ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "3",
                "http://127.0.0.1:8080/").out()).as("from the host's localhost").matches("[1-5]\\d\\d");
        assertThat(Proc.inNetns(ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "3",
                "http://10.69.0.1:8080/").out()).as("from the host, to the bridge's address").matches("[1-5]\\d\\d");
        Proc.Result other = httpFrom("client", "10.69.0.1");
        assertThat(other.out()).as("from another container: " + other.err()).startsWith("HTTP/1.");
        Proc.Result hairpin = httpFrom("web", "10.69.0.1");
        assertThat(hairpin.out()).as("from the container itself (hairpin): " + hairpin.err()).startsWith("HTTP/1.");

        assertThat(podman.run("exec", "web", "cat", "/proc/sys/net/ipv4/conf/eth0/rp_filter").out().strip())
                .as("weft-tuning ran").isEqualTo("2");
        String ruleset = Proc.inNetns(ns, "nft", "list", "ruleset").out();
        assertThat(ruleset).contains("table ip weft_portmap").contains("table inet weft_firewall").contains("dport 8080");
        assertThat(Proc.run("ip", "-n", ns, "-o", "link", "show", "type", "ifb").out()).as("weft-bandwidth's IFBs")
                .contains("wbw");

        Podman.check(podman.run("rm", "--force", "--time", "0", "web", "client"), "podman rm");
        ruleset = Proc.inNetns(ns, "nft", "list", "ruleset").out();
        // weft-portmap's tables stay (empty maps and base chains), as the reference's do
        assertThat(ruleset).doesNotContain("dnat to").doesNotContain("jump dnat_").doesNotContain("weft_firewall");
        assertThat(Proc.run("ip", "-n", ns, "-o", "link", "show", "type", "ifb").out()).isEmpty();
    }
}
