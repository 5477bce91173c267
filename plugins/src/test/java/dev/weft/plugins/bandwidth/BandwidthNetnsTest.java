package dev.weft.plugins.bandwidth;

import dev.weft.cni.json.Json;
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
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-bandwidth on the real kernel, chained after weft-bridge: the TBF on the host veth and the
 * IFB with its redirect, from static keys and from the capability, CHECK, DEL, and bad input that
 * leaves nothing behind. The iperf3 measurement is in {@link BandwidthShapingRootTest}.
 */
@RequiresRoot("creates namespaces, a bridge, qdiscs and IFB devices")
class BandwidthNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    private BridgedPods lab;
    private BandwidthPlugin bandwidth;

    @BeforeEach
    void setUp() {
        lab = new BridgedPods(netns, tmp);
        bandwidth = new BandwidthPlugin(lab.hostPath());
    }

    private JsonNode qdiscs(String dev) {
        return Json.mapper().readTree(Proc.inNetns(lab.host, "tc", "-j", "qdisc", "show", "dev", dev).check().out());
    }

    private JsonNode root(String dev) {
        for (JsonNode q : qdiscs(dev)) {
            if (q.path("root").asBoolean(false)) {
                return q;
            }
        }
        return Json.object();
    }

    private String ifbs() {
        return lab.ipHost("-o", "link", "show", "type", "ifb");
    }

    @Test
    void staticKeysShapeBothDirectionsAndDelRemovesTheIfb() {
        Pod pod = lab.pod("bw1");
        String conf = BridgedPods.chained("weft-bandwidth", "\"ingressRate\": 8000000, \"ingressBurst\": 160000, "
                + "\"egressRate\": 16000000, \"egressBurst\": 320000", pod,
                "{\"bandwidth\": {\"ingressRate\": 1000, \"ingressBurst\": 1000}}");
        Outcome add = BandwidthAssertions.ok(BridgedPods.run(bandwidth, "ADD", pod, conf));
        String ifb = BandwidthPlugin.ifbName(BridgedPods.NETWORK, "bw1", "eth0");
        assertThat(add.out().path("interfaces").toString()).as("the IFB is reported").contains(ifb);

        JsonNode in = root(pod.hostVeth());
        assertThat(in.path("kind").asString()).isEqualTo("tbf");
        assertThat(in.path("options").path("rate").asLong()).as("static config wins over the capability").isEqualTo(1_000_000);
        assertThat(in.path("options").path("burst").asLong()).isBetween(19_900L, 20_000L);
        JsonNode out = root(ifb);
        assertThat(out.path("kind").asString()).isEqualTo("tbf");
        assertThat(out.path("options").path("rate").asLong()).isEqualTo(2_000_000);
        assertThat(Proc.inNetns(lab.host, "tc", "filter", "show", "dev", pod.hostVeth(), "ingress").out())
                .contains("mirred").contains(ifb);
        assertThat(lab.ipHost("-d", "link", "show", ifb)).contains("mtu 1500").contains("state UNKNOWN");

        assertThat(BridgedPods.run(bandwidth, "CHECK", pod, conf).exit()).isZero();
        Proc.inNetns(lab.host, "tc", "qdisc", "del", "dev", ifb, "root").check();
        Outcome broken = BridgedPods.run(bandwidth, "CHECK", pod, conf);
        assertThat(broken.errorCode()).isEqualTo(3);
        assertThat(broken.msg()).contains("egress TBF on " + ifb);

        BandwidthAssertions.ok(BridgedPods.run(bandwidth, "DEL", pod, conf));
        assertThat(ifbs()).isEmpty();
        assertThat(root(pod.hostVeth()).path("kind").asString()).as("the veth outlived DEL: its TBF is gone").isNotEqualTo("tbf");
        assertThat(qdiscs(pod.hostVeth()).toString()).doesNotContain("ingress");
        BandwidthAssertions.ok(BridgedPods.run(bandwidth, "DEL", pod, conf));
    }

    @Test
    void theCapabilityShapesOneDirectionWhenThereAreNoStaticKeys() {
        Pod pod = lab.pod("bw2");
        String conf = BridgedPods.chained("weft-bandwidth", "", pod,
                "{\"bandwidth\": {\"egressRate\": 24000000, \"egressBurst\": 240000}}");
        BandwidthAssertions.ok(BridgedPods.run(bandwidth, "ADD", pod, conf));
        assertThat(root(pod.hostVeth()).path("kind").asString()).as("no ingress limit").isNotEqualTo("tbf");
        String ifb = BandwidthPlugin.ifbName(BridgedPods.NETWORK, "bw2", "eth0");
        assertThat(root(ifb).path("options").path("rate").asLong()).isEqualTo(3_000_000);
        assertThat(BridgedPods.run(bandwidth, "CHECK", pod, conf).exit()).isZero();
        BandwidthAssertions.ok(BridgedPods.run(bandwidth, "DEL", pod, conf));
        assertThat(ifbs()).isEmpty();
    }

    @Test
    void noLimitsInstallNothing() {
        Pod pod = lab.pod("bw3");
        String conf = BridgedPods.chained("weft-bandwidth", "", pod, null);
        Outcome add = BandwidthAssertions.ok(BridgedPods.run(bandwidth, "ADD", pod, conf));
        assertThat(add.out().path("interfaces").size()).isEqualTo(pod.result().path("interfaces").size());
        assertThat(root(pod.hostVeth()).path("kind").asString()).isNotEqualTo("tbf");
        assertThat(ifbs()).isEmpty();
    }

    @Test
    void badInputIsACodedErrorAndLeavesNoQdiscOrDevice() {
        Pod pod = lab.pod("bw4");
        String[][] cases = {
                {"\"ingressRate\": 1000000", "ingressBurst"},
                {"\"egressBurst\": 100000", "egressRate"},
                // a valid ingress limit beside an egress burst of 1000 bytes, below the MTU: nothing is installed
                {"\"ingressRate\": 1000000, \"ingressBurst\": 200000, \"egressRate\": 1000000, \"egressBurst\": 8000",
                        "egressBurst"},
                {"\"ingressRate\": 1000000, \"ingressBurst\": 100000000000", "ingressBurst"}, // over 4 GB
                {"\"ingressRate\": -5, \"ingressBurst\": 100000", "ingressRate"},
                {"\"shapedSubnets\": [\"10.0.0.0/8\"], \"ingressRate\": 1000000, \"ingressBurst\": 100000", "shapedSubnets"},
        };
        for (String[] c : cases) {
            Outcome o = BridgedPods.run(bandwidth, "ADD", pod, BridgedPods.chained("weft-bandwidth", c[0], pod, null));
            assertThat(o.errorCode()).as(c[0] + " " + o.out()).isEqualTo(7);
            assertThat(o.msg()).as(c[0]).contains(c[1]);
        }
        Outcome cap = BridgedPods.run(bandwidth, "ADD", pod, BridgedPods.chained("weft-bandwidth", "", pod,
                "{\"bandwidth\": {\"ingressRate\": 1000000}}"));
        assertThat(cap.errorCode()).isEqualTo(7);
        assertThat(cap.msg()).contains("runtimeConfig.bandwidth.ingressBurst");
        assertThat(ifbs()).isEmpty();
        assertThat(qdiscs(pod.hostVeth()).toString()).doesNotContain("tbf").doesNotContain("ingress");
    }

    @Test
    void onTheAgentsKernelTheIfbIsRetiredAtOnceAndDeletedInTheBackground() throws InterruptedException {
        Pod pod = lab.pod("bw6");
        var reaping = new dev.weft.plugins.net.ReapingKernel(new dev.weft.plugins.net.NetlinkKernel());
        BandwidthPlugin agentSide = new BandwidthPlugin(lab.hostPath(), reaping);
        String conf = BridgedPods.chained("weft-bandwidth", "\"egressRate\": 1000000, \"egressBurst\": 200000", pod, null);
        String ifb = BandwidthPlugin.ifbName(BridgedPods.NETWORK, "bw6", "eth0");
        BandwidthAssertions.ok(BridgedPods.run(agentSide, "ADD", pod, conf));
        BandwidthAssertions.ok(BridgedPods.run(agentSide, "DEL", pod, conf));
        BandwidthAssertions.ok(BridgedPods.run(agentSide, "ADD", pod, conf)); // its name was free at once
        assertThat(root(ifb).path("kind").asString()).isEqualTo("tbf");
        BandwidthAssertions.ok(BridgedPods.run(agentSide, "DEL", pod, conf));
        reaping.drain();
        assertThat(ifbs()).isEmpty();
    }

    @Test
    void aFailureHalfWayUndoesTheIngressLimit() {
        Pod pod = lab.pod("bw5");
        String taken = BandwidthPlugin.ifbName(BridgedPods.NETWORK, "bw5", "eth0");
        Proc.run("ip", "-n", lab.host, "link", "add", taken, "type", "veth", "peer", "name", "wtx0").check();
        Outcome o = BridgedPods.run(bandwidth, "ADD", pod, BridgedPods.chained("weft-bandwidth", "\"ingressRate\": 1000000, "
                + "\"ingressBurst\": 200000, \"egressRate\": 1000000, \"egressBurst\": 200000", pod, null));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains(taken).contains("not an IFB");
        assertThat(root(pod.hostVeth()).path("kind").asString()).as("the ingress TBF was undone").isNotEqualTo("tbf");
        assertThat(lab.ipHost("link", "show", taken)).as("a device weft did not make stays").contains(taken);
    }
}
