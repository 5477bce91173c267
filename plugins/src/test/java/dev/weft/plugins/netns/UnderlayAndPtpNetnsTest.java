package dev.weft.plugins.netns;

import dev.weft.testkit.RequiresRoot;
import dev.weft.plugins.hostdevice.HostDevicePlugin;
import dev.weft.plugins.loopback.LoopbackPlugin;
import dev.weft.plugins.macvlan.MacvlanPlugin;
import dev.weft.plugins.ptp.PtpPlugin;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** weft-ptp, weft-macvlan, weft-host-device and weft-loopback on the real kernel. */
@RequiresRoot
class UnderlayAndPtpNetnsTest {
    @TempDir
    Path tmp;
    private Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab(tmp);
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private String ipam(String subnet) {
        return "\"ipam\": {\"type\": \"weft-host-local\", \"dataDir\": \"" + tmp.resolve("ipam")
                + "\", \"ranges\": [[{\"subnet\": \"" + subnet + "\"}]]}";
    }

    private static Map<String, String> ns(String n) {
        return Map.of("CNI_NETNS", Lab.path(n));
    }

    @Test
    void ptpGivesSlash32AddressesAndHostRoutes() {
        PluginHarness ptp = new PluginHarness(new PtpPlugin(lab.kernel(), Lab.hostLocal(), lab.masquerade()));
        String conf = "{\"cniVersion\": \"1.0.0\", \"name\": \"p2p\", \"type\": \"weft-ptp\", \"mtu\": 1400, "
                + ipam("10.33.0.0/24") + "}";
        String c1 = lab.container("p1");
        String c2 = lab.container("p2");
        Outcome a = ptp.run("ADD", "p1", "eth0", conf, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(ptp.run("ADD", "p2", "eth0", conf, ns(c2)).exit()).isZero();
        assertThat(a.out().path("ips").path(0).path("address").asString()).isEqualTo("10.33.0.2/32");
        assertThat(a.out().path("ips").path(0).path("gateway").asString()).isEqualTo("10.33.0.1");
        assertThat(Lab.sh("ip", "-n", c1, "-o", "addr", "show", "dev", "eth0").out()).contains("10.33.0.2/32");
        assertThat(Lab.sh("ip", "-n", c1, "route").out()).contains("default via 10.33.0.1 dev eth0");
        String hostVeth = a.out().path("interfaces").path(0).path("name").asString();
        assertThat(Lab.sh("ip", "-n", lab.host, "route").out()).contains("10.33.0.2 dev " + hostVeth);
        assertThat(Lab.in(lab.host, "cat", "/proc/sys/net/ipv4/conf/" + hostVeth + "/proxy_arp").out().strip())
                .isEqualTo("1");
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "2", "10.33.0.3").exit()).as("routed via the host").isZero();

        String check = conf.replace("\"type\": \"weft-ptp\",", "\"type\": \"weft-ptp\", \"prevResult\": " + a.out() + ",");
        assertThat(ptp.run("CHECK", "p1", "eth0", check, ns(c1)).exit()).isZero();
        assertThat(ptp.run("DEL", "p1", "eth0", conf, ns(c1)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", hostVeth).exit()).isNotZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "route").out()).doesNotContain("10.33.0.2 ");
    }

    @Test
    void ptpMasqueradesOnlyWhatLeavesItsIpMasqNetworkAndRemovesTheRuleOnDel() {
        PluginHarness ptp = new PluginHarness(new PtpPlugin(lab.kernel(), Lab.hostLocal(), lab.masquerade()));
        String conf = "{\"cniVersion\": \"1.0.0\", \"name\": \"routed\", \"type\": \"weft-ptp\", \"ipMasq\": true, "
                + "\"ipMasqNetwork\": \"10.34.0.0/16\", " + ipam("10.34.5.0/24") + "}";
        String c1 = lab.container("m1");
        Outcome a = ptp.run("ADD", "m1", "eth0", conf, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(Lab.in(lab.host, "nft", "list", "table", "inet", "weft_masq").out())
                .contains("ip saddr 10.34.5.2 ip daddr != 10.34.0.0/16").contains("masquerade");
        assertThat(ptp.run("DEL", "m1", "eth0", conf, ns(c1)).exit()).isZero();
        assertThat(Lab.in(lab.host, "nft", "list", "ruleset").out()).doesNotContain("10.34.5.2");

        Outcome bad = ptp.run("ADD", "m2", "eth0", conf.replace("10.34.0.0/16", "10.34.0.0/33"), ns(lab.container("m2")));
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out().path("code").asInt()).isEqualTo(7);
        assertThat(bad.out().path("msg").asString()).contains("ipMasqNetwork");
    }

    @Test
    void macvlanPodsShareTheMastersL2() {
        Lab.check(Lab.sh("ip", "-n", lab.host, "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1"),
                "veth");
        Lab.sh("ip", "-n", lab.host, "link", "set", "uplink0", "up");
        Lab.sh("ip", "-n", lab.host, "link", "set", "uplink1", "up");
        PluginHarness mv = new PluginHarness(new MacvlanPlugin(lab.kernel(), Lab.hostLocal()));
        String conf = "{\"cniVersion\": \"1.0.0\", \"name\": \"under\", \"type\": \"weft-macvlan\", "
                + "\"master\": \"uplink0\", \"mode\": \"bridge\", " + ipam("192.168.77.0/24") + "}";
        String c1 = lab.container("m1");
        String c2 = lab.container("m2");
        Outcome a = mv.run("ADD", "m1", "eth0", conf, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(mv.run("ADD", "m2", "eth0", conf, ns(c2)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "-d", "link", "show", "eth0").out()).contains("macvlan mode bridge");
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "2", "192.168.77.3").exit()).isZero();
        assertThat(a.out().path("interfaces").size()).isEqualTo(1);
        assertThat(a.out().path("ips").path(0).path("interface").asInt()).isZero();

        Outcome missing = mv.run("ADD", "m3", "eth0", conf.replace("uplink0", "nosuchdev"), ns(lab.container("m3")));
        assertThat(missing.errorCode()).isEqualTo(7);
        assertThat(missing.msg()).contains("master").contains("nosuchdev");

        Lab.sh("ip", "-n", lab.host, "addr", "add", "192.0.2.1/24", "dev", "uplink0");
        Lab.sh("ip", "-n", lab.host, "route", "add", "default", "via", "192.0.2.254", "dev", "uplink0");
        String byDefault = conf.replace("\"master\": \"uplink0\", ", "").replace("192.168.77.0/24", "192.168.78.0/24");
        Outcome dflt = mv.run("ADD", "m4", "eth0", byDefault, ns(lab.container("m4")));
        assertThat(dflt.exit()).as(dflt.out() + dflt.err()).isZero();

        assertThat(mv.run("DEL", "m1", "eth0", conf, ns(c1)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "eth0").exit()).isNotZero();
    }

    @Test
    void macvlanWithItsMasterInsideTheContainer() {
        String c1 = lab.container("mi");
        Lab.check(Lab.sh("ip", "-n", c1, "link", "add", "inner0", "type", "veth", "peer", "name", "inner1"), "veth");
        Lab.sh("ip", "-n", c1, "link", "set", "inner0", "up");
        PluginHarness mv = new PluginHarness(new MacvlanPlugin(lab.kernel(), Lab.hostLocal()));
        String conf = "{\"cniVersion\": \"1.0.0\", \"name\": \"inner\", \"type\": \"weft-macvlan\", "
                + "\"master\": \"inner0\", \"linkInContainer\": true, \"mode\": \"private\", "
                + ipam("192.168.79.0/24") + "}";
        Outcome a = mv.run("ADD", "mi", "net1", conf, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "-d", "link", "show", "net1").out()).contains("macvlan mode private")
                .contains("net1@inner0");
        Outcome outside = mv.run("ADD", "mo", "net1", conf.replace("\"linkInContainer\": true", "\"linkInContainer\": false"),
                ns(lab.container("mo")));
        assertThat(outside.msg()).as("inner0 is not in the host namespace").contains("inner0");
    }

    @Test
    void hostDeviceFoundThroughSysfsPaths() throws Exception {
        Lab.check(Lab.sh("ip", "-n", lab.host, "link", "add", "vf8", "type", "veth", "peer", "name", "vf8peer"), "veth");
        java.nio.file.Path sysfs = tmp.resolve("sys");
        java.nio.file.Files.createDirectories(sysfs.resolve("bus/pci/devices/0000:03:00.2/net/vf8"));
        java.nio.file.Files.createDirectories(tmp.resolve("dev8/net/vf8"));
        PluginHarness hd = new PluginHarness(new HostDevicePlugin(lab.kernel(), Lab.hostLocal(), sysfs));
        String byPci = "{\"cniVersion\": \"1.0.0\", \"name\": \"hd\", \"type\": \"weft-host-device\", "
                + "\"pciBusID\": \"0000:03:00.2\"}";
        String c1 = lab.container("pci");
        Outcome a = hd.run("ADD", "pci", "net1", byPci, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "net1").exit()).isZero();
        assertThat(hd.run("DEL", "pci", "net1", byPci, ns(c1)).exit()).isZero();

        String byPath = byPci.replace("\"pciBusID\": \"0000:03:00.2\"", "\"kernelpath\": \"" + tmp.resolve("dev8") + "\"");
        String c2 = lab.container("kp");
        assertThat(hd.run("ADD", "kp", "net1", byPath, ns(c2)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", c2, "link", "show", "net1").exit()).isZero();

        String byCapability = "{\"cniVersion\": \"1.0.0\", \"name\": \"hd\", \"type\": \"weft-host-device\", "
                + "\"capabilities\": {\"deviceID\": true}, \"runtimeConfig\": {\"deviceID\": \"0000:09:00.0\"}}";
        Outcome missing = hd.run("ADD", "cap", "net1", byCapability, ns(lab.container("cap")));
        assertThat(missing.errorCode()).isEqualTo(7);
        assertThat(missing.msg()).contains("0000:09:00.0");
    }

    @Test
    void hostDeviceMovesInAndBackOut() {
        Lab.check(Lab.sh("ip", "-n", lab.host, "link", "add", "vf7", "type", "veth", "peer", "name", "vf7peer"), "veth");
        PluginHarness hd = new PluginHarness(new HostDevicePlugin(lab.kernel(), Lab.hostLocal(), Path.of("/sys")));
        String conf = "{\"cniVersion\": \"1.0.0\", \"name\": \"hd\", \"type\": \"weft-host-device\", "
                + "\"device\": \"vf7\", " + ipam("172.30.9.0/24") + "}";
        String c1 = lab.container("d1");
        Outcome a = hd.run("ADD", "d1", "net1", conf, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "-o", "addr", "show", "dev", "net1").out()).contains("172.30.9.2/24");
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "vf7").exit()).isNotZero();

        assertThat(hd.run("DEL", "d1", "net1", conf, ns(c1)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "vf7").exit()).as("back under its name").isZero();
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "net1").exit()).isNotZero();

        String linkLine = Lab.sh("ip", "-n", lab.host, "-o", "link", "show", "vf7").out();
        String mac = linkLine.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
        String byMac = conf.replace("\"device\": \"vf7\"", "\"hwaddr\": \"" + mac + "\"");
        String c2 = lab.container("d2");
        Outcome found = hd.run("ADD", "d2", "net1", byMac, ns(c2));
        assertThat(found.exit()).as(found.out() + found.err()).isZero();
        assertThat(Lab.sh("ip", "-n", c2, "-o", "link", "show", "net1").out()).contains(mac);
        assertThat(hd.run("DEL", "d2", "net1", byMac, ns(c2)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", lab.host, "link", "show", "vf7").exit()).isZero();
        Outcome twoWays = hd.run("ADD", "d4", "net1", byMac.replace("\"hwaddr\"", "\"device\": \"vf7\", \"hwaddr\""),
                ns(lab.container("d4")));
        assertThat(twoWays.errorCode()).isEqualTo(7);
        assertThat(twoWays.msg()).contains("exactly one of");
        Outcome none = hd.run("ADD", "d3", "net1", conf.replace("vf7", "vf9"), ns(lab.container("d3")));
        assertThat(none.errorCode()).isEqualTo(7);
        assertThat(none.msg()).contains("vf9");
    }

    @Test
    void loopbackComesUpAndPassesPrevResultThrough() {
        PluginHarness lo = new PluginHarness(new LoopbackPlugin(lab.kernel()));
        String c1 = lab.container("l1");
        String conf = "{\"cniVersion\": \"1.0.0\", \"name\": \"lo\", \"type\": \"weft-loopback\"}";
        Outcome a = lo.run("ADD", "l1", "lo", conf, ns(c1));
        assertThat(a.exit()).as(a.out() + a.err()).isZero();
        assertThat(a.out().path("ips").path(0).path("address").asString()).isEqualTo("127.0.0.1/8");
        assertThat(Lab.in(c1, "ping", "-c", "1", "-W", "1", "127.0.0.1").exit()).isZero();
        String chained = conf.replace("}", ", \"prevResult\": {\"cniVersion\": \"1.0.0\", \"ips\": "
                + "[{\"address\": \"10.1.1.1/24\"}]}}");
        assertThat(lo.run("ADD", "l1", "lo", chained, ns(c1)).out().path("ips").path(0).path("address").asString())
                .isEqualTo("10.1.1.1/24");
        assertThat(lo.run("DEL", "l1", "lo", conf, ns(c1)).exit()).isZero();
        assertThat(Lab.sh("ip", "-n", c1, "link", "show", "lo").out()).doesNotContain("UP");
    }
}
