package dev.weft.plugins.netns;

import dev.weft.testkit.RequiresRoot;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** weft-bridge on the real kernel, in throwaway namespaces. */
@RequiresRoot
class BridgeNetnsTest {
    @TempDir
    Path tmp;
    private Lab lab;
    private PluginHarness bridge;

    @BeforeEach
    void setUp() {
        lab = new Lab(tmp);
        bridge = new PluginHarness(new BridgePlugin(lab.kernel(), Lab.hostLocal(), lab.masquerade(), lab.spoofCheck()));
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private String conf(String extra) {
        return """
                {"cniVersion": "1.0.0", "name": "wbnet", "type": "weft-bridge", "bridge": "wtbr0" %s,
                 "ipam": {"type": "weft-host-local", "dataDir": "%s",
                          "ranges": [[{"subnet": "10.44.0.0/24"}], [{"subnet": "fd44::/64"}]]}}
                """.formatted(extra, tmp.resolve("ipam"));
    }

    private Outcome run(String cmd, String id, String ns, String extra) {
        return bridge.run(cmd, id, "eth0", conf(extra), Map.of("CNI_NETNS", ns.isEmpty() ? "" : Lab.path(ns)));
    }

    @Test
    void twoContainersTalkThroughTheBridgeAndDelCleansUp() {
        String c1 = lab.container("c1");
        String c2 = lab.container("c2");
        String extra = ", \"isDefaultGateway\": true, \"ipMasq\": true, \"hairpinMode\": true, \"mtu\": 1450";
        Outcome a1 = run("ADD", "id1", c1, extra);
        assertThat(a1.exit()).as(a1.out() + a1.err()).isZero();
        Outcome a2 = run("ADD", "id2", c2, extra);
        assertThat(a2.exit()).as(a2.out() + a2.err()).isZero();

        assertThat(a1.out().path("ips").path(0).path("address").asString()).isEqualTo("10.44.0.2/24");
        assertThat(a2.out().path("ips").path(1).path("address").asString()).isEqualTo("fd44::3/64");
        assertThat(Lab.sh("ip", "-n", lab.host, "-o", "addr", "show", "dev", "wtbr0").out())
                .contains("10.44.0.1/24").contains("fd44::1/64");
        String hostVeth = a1.out().path("interfaces").path(1).path("name").asString();
        assertThat(Lab.sh("ip", "-n", lab.host, "-d", "link", "show", hostVeth).out())
                .contains("master wtbr0").contains("hairpin on").contains("mtu 1450");
        assertThat(Lab.sh("ip", "-n", c1, "route").out()).contains("default via 10.44.0.1 dev eth0");
        assertThat(Lab.sh("ip", "-n", c1, "-6", "route").out()).contains("default via fd44::1 dev eth0");
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "2", "10.44.0.3").exit()).isZero();
        assertThat(Lab.in(c1, "ping", "-6", "-c", "1", "-W", "2", "fd44::3").exit()).isZero();
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "2", "10.44.0.1").exit()).isZero();
        assertThat(Lab.in(lab.host, "cat", "/proc/sys/net/ipv4/ip_forward").out().strip()).isEqualTo("1");
        assertThat(Lab.in(lab.host, "nft", "list", "table", "inet", "weft_masq").out())
                .contains("ip saddr 10.44.0.2").contains("ip6 saddr fd44::3");

        String check = conf(extra).replace("\"type\": \"weft-bridge\",", "\"type\": \"weft-bridge\", \"prevResult\": "
                + a1.out() + ",");
        assertThat(bridge.run("CHECK", "id1", "eth0", check, Map.of("CNI_NETNS", Lab.path(c1))).exit()).isZero();
        Lab.sh("ip", "-n", c1, "addr", "del", "10.44.0.2/24", "dev", "eth0");
        Outcome badCheck = bridge.run("CHECK", "id1", "eth0", check, Map.of("CNI_NETNS", Lab.path(c1)));
        assertThat(badCheck.errorCode()).isEqualTo(3);
        assertThat(badCheck.msg()).contains("10.44.0.2/24");

        assertThat(run("DEL", "id1", c1, extra).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "eth0").exit()).isNotZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", hostVeth).exit()).isNotZero();
        assertThat(tmp.resolve("ipam/wbnet/10.44.0.2")).doesNotExist();
        assertThat(Lab.in(lab.host, "nft", "list", "table", "inet", "weft_masq").out()).doesNotContain("10.44.0.2 ");

        lab.deleteNamespace(c2); // the container is gone before its DEL
        assertThat(run("DEL", "id2", c2, extra).exit()).isZero();
        assertThat(tmp.resolve("ipam/wbnet/10.44.0.3")).doesNotExist();
        assertThat(Lab.in(lab.host, "nft", "list", "tables").out()).doesNotContain("weft_masq");
        assertThat(run("DEL", "id2", "", extra).exit()).as("DEL without netns").isZero();
    }

    @Test
    void theBridgeKeepsItsMacWhenAPortWithALowerOneJoins() {
        Outcome a1 = run("ADD", "id1", lab.container("c1"), "");
        assertThat(a1.exit()).as(a1.out() + a1.err()).isZero();
        String mac = a1.out().path("interfaces").path(0).path("mac").asString();
        Lab.sh("ip", "-n", lab.host, "link", "add", "wtlow0", "address", "02:00:00:00:00:01", "type", "veth",
                "peer", "name", "wtlow1");
        Lab.sh("ip", "-n", lab.host, "link", "set", "wtlow0", "master", "wtbr0", "up");
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "wtbr0").out()).contains("link/ether " + mac);
        Outcome a2 = run("ADD", "id2", lab.container("c2"), "");
        assertThat(a2.out().path("interfaces").path(0).path("mac").asString()).isEqualTo(mac);
    }

    @Test
    void macSpoofCheckDropsFramesFromAForgedMacAndPromiscIsSet() {
        String c1 = lab.container("s1");
        String extra = ", \"isGateway\": true, \"macspoofchk\": true, \"promiscMode\": true";
        Outcome a = run("ADD", "s1", c1, extra);
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "-d", "link", "show", "wtbr0").out()).contains("promiscuity 1");
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "2", "10.44.0.1").exit()).isZero();
        Lab.sh("ip", "-n", c1, "link", "set", "eth0", "address", "02:00:00:00:be:ef");
        Lab.sh("ip", "-n", c1, "neigh", "flush", "all");
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "1", "10.44.0.1").exit()).as("forged MAC is dropped").isNotZero();
        assertThat(run("DEL", "s1", c1, extra).exit()).isZero();
        assertThat(Lab.in(lab.host, "nft", "list", "tables").out()).doesNotContain("weft_macspoof");
    }

    @Test
    void errorsLeaveNothingBehind() {
        String c1 = lab.container("e1");
        Lab.sh("ip", "-n", c1, "link", "add", "eth0", "type", "veth", "peer", "name", "other");
        Outcome clash = run("ADD", "id1", c1, "");
        assertThat(clash.errorCode()).isEqualTo(4);
        assertThat(clash.msg()).contains("eth0");

        Outcome gone = run("ADD", "id2", "wtp-missing-" + lab.id, "");
        assertThat(gone.errorCode()).isEqualTo(3);

        String c3 = lab.container("e3");
        Outcome vlan = run("ADD", "id4", c3, ", \"vlan\": 100");
        assertThat(vlan.errorCode()).as("this kernel has no bridge VLAN filtering").isEqualTo(7);
        assertThat(vlan.msg()).contains("VLAN filtering").contains("not supported by this kernel");
        assertThat(Lab.sh("ip", "-n", c3, "link", "show", "eth0").exit()).isNotZero();

        String c2 = lab.container("e2");
        Outcome badSubnet = bridge.run("ADD", "id3", "eth0", conf("").replace("10.44.0.0/24", "10.44.0.0/33"),
                Map.of("CNI_NETNS", Lab.path(c2)));
        assertThat(badSubnet.errorCode()).isEqualTo(7);
        assertThat(Lab.sh("ip", "-n", c2, "link", "show", "eth0").exit()).as("veth rolled back").isNotZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "-o", "link").out()).doesNotContain("veth");
        assertThat(Files.exists(tmp.resolve("ipam/wbnet/10.44.0.2"))).isFalse();
    }

    @Test
    void aHostVethNameThatExistsIsDrawnAgainAndTheResultIsWhatTheKernelHas() {
        Lab.sh("ip", "-n", lab.host, "link", "add", "vethtaken0", "type", "bridge");
        java.util.Iterator<String> names = java.util.List.of("vethtaken0", "vethfresh0").iterator();
        PluginHarness drawn = new PluginHarness(new BridgePlugin(lab.kernel(), Lab.hostLocal(), lab.masquerade(),
                lab.spoofCheck(), names::next));
        String c1 = lab.container("d1");
        Outcome a = drawn.run("ADD", "id1", "eth0", conf(""), Map.of("CNI_NETNS", Lab.path(c1)));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(a.out().path("interfaces").path(1).path("name").asString()).isEqualTo("vethfresh0");
        assertThat(Lab.sh("ip", "-n", lab.host, "-d", "link", "show", "vethtaken0").out()).contains("bridge ")
                .doesNotContain("master");
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "vethfresh0").out()).contains("master wtbr0")
                .contains(",UP");
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "wtbr0").out())
                .contains("link/ether " + a.out().path("interfaces").path(0).path("mac").asString());
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "vethfresh0").out())
                .contains("link/ether " + a.out().path("interfaces").path(1).path("mac").asString());
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "eth0").out())
                .contains("link/ether " + a.out().path("interfaces").path(2).path("mac").asString());
    }

    @Test
    void aBridgeDeletedOrReplacedBetweenAddsIsEnsuredAgain() {
        String c1 = lab.container("b1");
        assertThat(run("ADD", "id1", c1, "").exit()).isZero();
        assertThat(run("DEL", "id1", c1, "").exit()).isZero();
        Lab.sh("ip", "-n", lab.host, "link", "del", "wtbr0");
        Outcome again = run("ADD", "id2", c1, "");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        String hostVeth = again.out().path("interfaces").path(1).path("name").asString();
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", hostVeth).out()).contains("master wtbr0");
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "wtbr0").out()).contains(",UP")
                .contains("link/ether " + again.out().path("interfaces").path(0).path("mac").asString());
        assertThat(run("DEL", "id2", c1, "").exit()).isZero();

        Lab.sh("ip", "-n", lab.host, "link", "set", "wtbr0", "down");
        Outcome up = run("ADD", "id3", c1, "");
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "wtbr0").out()).as("set up on every ADD").contains(",UP");
        assertThat(run("DEL", "id3", c1, "").exit()).isZero();

        Lab.sh("ip", "-n", lab.host, "link", "del", "wtbr0");
        Lab.sh("ip", "-n", lab.host, "link", "add", "wtbr0", "type", "veth", "peer", "name", "wtbrpeer");
        Outcome notBridge = run("ADD", "id4", c1, "");
        assertThat(notBridge.errorCode()).isEqualTo(7);
        assertThat(notBridge.msg()).contains("not a bridge");
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "eth0").exit()).isNotZero();
    }
}
