package dev.weft.plugins.firewall;

import dev.weft.plugins.net.NsHandle;
import dev.weft.plugins.portmap.PortmapPlugin;
import dev.weft.plugins.testing.BridgedPods;
import dev.weft.plugins.testing.BridgedPods.Pod;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.weft.plugins.testing.BridgedPods.pings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-firewall on the real kernel, chained after weft-bridge, with pods on two bridges (two
 * networks) and a namespace outside the host: the per-address rules, each ingress policy's
 * effect on real traffic, CHECK, DEL of exactly one pod's rules, and bad input.
 */
@RequiresRoot("creates namespaces, bridges and nftables rules")
class FirewallNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    private BridgedPods lab;
    private String outside;
    private FirewallPlugin firewall;

    @BeforeEach
    void setUp() {
        lab = new BridgedPods(netns, tmp);
        outside = lab.outside();
        firewall = new FirewallPlugin(lab.hostPath(), NsHandle.nftFor(lab.hostPath()), tmp.resolve("fw.lock"));
    }

    private String conf(Pod pod, String policy) {
        return BridgedPods.chained("weft-firewall", policy == null ? "" : "\"ingressPolicy\": \"" + policy + "\"", pod, null);
    }

    private static Outcome ok(Outcome o) {
        assertThat(o.exit()).as(String.valueOf(o.out()) + o.err()).isZero();
        return o;
    }

    @Test
    void openPolicyAcceptsThePodsFlowsAndDelRemovesOnlyItsRules() {
        Pod a = lab.pod("fa", 0);
        Pod b = lab.pod("fb", 1);
        ok(BridgedPods.run(firewall, "ADD", a, conf(a, null)));
        ok(BridgedPods.run(firewall, "ADD", b, conf(b, "open")));
        String rules = lab.ruleset();
        assertThat(rules).contains("ip daddr " + a.ipv4() + " ct state established,related accept")
                .contains("ip saddr " + a.ipv4() + " accept").contains("ip6 saddr fd66::").contains("ip saddr " + b.ipv4());
        assertThat(pings(a.netns(), b.ipv4())).isTrue();
        assertThat(pings(a.netns(), "192.0.2.2")).isTrue();
        assertThat(pings(outside, a.ipv4())).isTrue();

        assertThat(BridgedPods.run(firewall, "CHECK", a, conf(a, null)).exit()).isZero();
        ok(BridgedPods.run(firewall, "DEL", a, conf(a, null)));
        rules = lab.ruleset();
        assertThat(rules).doesNotContain(a.ipv4() + " ").contains("ip saddr " + b.ipv4() + " accept");
        Outcome gone = BridgedPods.run(firewall, "CHECK", a, conf(a, null));
        assertThat(gone.errorCode()).isEqualTo(3);
        ok(BridgedPods.run(firewall, "DEL", b, conf(b, "open")));
        assertThat(lab.ruleset()).doesNotContain("weft_firewall");
    }

    @Test
    void sameBridgeIsolatesPodsOfOtherBridgesButNotTheOutside() {
        Pod a = lab.pod("sa", 0);
        Pod a2 = lab.pod("sa2", 0);
        Pod b = lab.pod("sb", 1);
        assertThat(pings(b.netns(), a.ipv4())).as("before: open").isTrue();
        ok(BridgedPods.run(firewall, "ADD", a, conf(a, "same-bridge")));
        ok(BridgedPods.run(firewall, "ADD", b, conf(b, "same-bridge")));
        assertThat(pings(b.netns(), a.ipv4())).as("from another bridge").isFalse();
        assertThat(pings(a.netns(), b.ipv4())).as("to another bridge").isFalse();
        assertThat(pings(a2.netns(), a.ipv4())).as("on the same bridge").isTrue();
        assertThat(pings(outside, a.ipv4())).as("from outside the host").isTrue();
        assertThat(pings(a.netns(), "192.0.2.2")).as("out of the host").isTrue();
        assertThat(BridgedPods.run(firewall, "CHECK", a, conf(a, "same-bridge")).exit()).isZero();
        ok(BridgedPods.run(firewall, "DEL", a, conf(a, "same-bridge")));
        assertThat(pings(b.netns(), a.ipv4())).as("after DEL").isTrue();
    }

    @Test
    void isolatedAdmitsRepliesAndPublishedPortsOnly() throws IOException {
        Pod a = lab.pod("ia", 0);
        ok(BridgedPods.run(firewall, "ADD", a, conf(a, "isolated")));
        assertThat(pings(outside, a.ipv4())).as("a new flow from outside").isFalse();
        assertThat(pings(a.netns(), "192.0.2.2")).as("the pod's own flow out, and its replies").isTrue();

        PortmapPlugin portmap = new PortmapPlugin(lab.hostPath(), NsHandle.nftFor(lab.hostPath()), tmp.resolve("pm.lock"));
        ok(BridgedPods.run(portmap, "ADD", a, BridgedPods.chained("weft-portmap", "", a,
                "{\"portMappings\": [{\"hostPort\": 8080, \"containerPort\": 80}]}")));
        Path www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), "published");
        try (Daemon httpd = Daemon.start("httpd", a.netns(), tmp.resolve("httpd.log"), "busybox", "httpd", "-f", "-p", "80",
                "-h", www.toString())) {
            httpd.awaitReady(Duration.ofSeconds(10), () -> get(a.netns(), "http://127.0.0.1/").equals("published"));
            assertThat(get(outside, "http://192.0.2.1:8080/")).as("a published port is DNATed, so it passes")
                    .isEqualTo("published");
            assertThat(get(outside, "http://" + a.ipv4() + "/")).as("the same port directly is a new flow from outside")
                    .isEmpty();
        }
    }

    private static String get(String ns, String url) {
        return Proc.inNetns(ns, "curl", "-s", "-m", "2", url).out();
    }

    @Test
    void badInputIsACodedErrorAndAddsNoTable() {
        Pod a = lab.pod("bad", 0);
        Outcome policy = BridgedPods.run(firewall, "ADD", a, conf(a, "closed"));
        assertThat(policy.errorCode()).isEqualTo(7);
        assertThat(policy.msg()).contains("ingressPolicy");
        Outcome backend = BridgedPods.run(firewall, "ADD", a, BridgedPods.chained("weft-firewall",
                "\"backend\": \"firewalld\"", a, null));
        assertThat(backend.errorCode()).isEqualTo(7);
        assertThat(backend.msg()).contains("backend");
        Outcome noPrev = BridgedPods.run(firewall, "ADD", a, BridgedPods.chained("weft-firewall", "", null, null));
        assertThat(noPrev.errorCode()).isEqualTo(7);
        assertThat(lab.ruleset()).doesNotContain("weft_firewall");
    }

    private String iptables(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "iptables";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Proc.inNetns(lab.host, cmd).check().out();
    }

    /**
     * A host whose iptables FORWARD policy is DROP: weft's own table alone cannot open it, so the
     * accepts also go into iptables-nft's {@code ip filter FORWARD} (a jump to WEFT-FIREWALL),
     * which iptables still reads; DEL takes exactly them away, and the pod is cut off again.
     */
    @Test
    void aHostWhoseIptablesForwardPolicyIsDropForwardsThePodAfterAddAndNotAfterDel() {
        Pod a = lab.pod("ipt", 0);
        Pod b = lab.pod("ipt2", 0);
        iptables("-P", "FORWARD", "DROP");
        iptables("-A", "FORWARD", "-s", "198.51.100.7", "-j", "ACCEPT");
        assertThat(pings(a.netns(), "192.0.2.2")).as("before ADD: iptables drops").isFalse();
        ok(BridgedPods.run(firewall, "ADD", a, conf(a, null)));
        ok(BridgedPods.run(firewall, "ADD", b, conf(b, null)));
        assertThat(pings(a.netns(), "192.0.2.2")).as("after ADD: forwarded").isTrue();
        assertThat(pings(outside, a.ipv4())).as("open: a flow from outside too").isTrue();
        String saved = iptables("-S");
        assertThat(saved).as("iptables still reads its table").contains("-A FORWARD -m comment --comment weft-firewall -j WEFT-FIREWALL")
                .contains("-A WEFT-FIREWALL -s " + a.ipv4() + "/32").contains("-A FORWARD -s 198.51.100.7/32 -j ACCEPT");
        assertThat(Proc.inNetns(lab.host, "iptables-save").out()).doesNotContain("incompatible");
        assertThat(BridgedPods.run(firewall, "CHECK", a, conf(a, null)).exit()).isZero();

        ok(BridgedPods.run(firewall, "DEL", a, conf(a, null)));
        assertThat(pings(a.netns(), "192.0.2.2")).as("after DEL: dropped again").isFalse();
        assertThat(pings(b.netns(), "192.0.2.2")).as("the other pod still forwarded").isTrue();
        ok(BridgedPods.run(firewall, "DEL", b, conf(b, null)));
        assertThat(iptables("-S")).doesNotContain("WEFT-FIREWALL").contains("-A FORWARD -s 198.51.100.7/32 -j ACCEPT")
                .contains("-P FORWARD DROP");
        ok(BridgedPods.run(firewall, "DEL", b, conf(b, null)));
    }
}
