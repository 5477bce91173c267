package dev.weft.plugins.bandwidth;

import dev.weft.plugins.testing.BridgedPods;
import dev.weft.plugins.testing.BridgedPods.Pod;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-bridge + weft-bandwidth measured with iperf3 (TCP) between the host namespace and a pod:
 * into the pod (ingress: the TBF on the host veth) and out of it (egress: through the IFB), at 10
 * and 100 Mbit/s, each within ±10% of the rate; with no limit configured, and after DEL, far
 * faster. What TCP delivers is the rate less header overhead (about 95.5% at MTU 1500).
 *
 * <p>A sanity bound, not a benchmark: each figure is measured over 3 s after 1 s of warm-up, and a
 * figure outside the bound is measured once more before the test fails, so that a moment of CPU
 * contention on a busy 2-core machine does not fail it. The figures go to stderr.
 */
@RequiresRoot("creates namespaces, a bridge, qdiscs and IFB devices, runs iperf3")
class BandwidthShapingRootTest {
    @RegisterExtension
    final Netns netns = new Netns();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothDirectionsAreShapedToTheConfiguredRateAndUnshapedWithoutLimits(@TempDir Path tmp) {
        BridgedPods lab = new BridgedPods(netns, tmp);
        Pod pod = lab.pod("iperf");
        BandwidthPlugin bandwidth = new BandwidthPlugin(lab.hostPath());
        try (Daemon server = Daemon.start("iperf3", pod.netns(), tmp.resolve("iperf3.log"), "iperf3", "-s", "-p", "5201",
                "--forceflush")) {
            server.awaitReady(Duration.ofSeconds(10), () -> server.log().contains("Server listening"));
            String none = BridgedPods.chained("weft-bandwidth", "", pod, null);
            BandwidthAssertions.ok(BridgedPods.run(bandwidth, "ADD", pod, none));
            assertUnshaped(lab, pod, "no limits configured");
            BandwidthAssertions.ok(BridgedPods.run(bandwidth, "DEL", pod, none));

            for (long mbit : new long[] {10, 100}) {
                long bits = mbit * 1_000_000;
                long burstBits = Math.max(16_384, bits / 8 / 100) * 8; // 10 ms at the rate, at least 16 KiB
                String conf = BridgedPods.chained("weft-bandwidth", "\"ingressRate\": %d, \"ingressBurst\": %d, "
                        .formatted(bits, burstBits) + "\"egressRate\": %d, \"egressBurst\": %d".formatted(bits, burstBits),
                        pod, null);
                BandwidthAssertions.ok(BridgedPods.run(bandwidth, "ADD", pod, conf));
                assertWithinTenPercent(lab, pod, false, mbit);
                assertWithinTenPercent(lab, pod, true, mbit);
                BandwidthAssertions.ok(BridgedPods.run(bandwidth, "DEL", pod, conf));
            }
            assertUnshaped(lab, pod, "after DEL");
        }
    }

    private static void assertUnshaped(BridgedPods lab, Pod pod, String when) {
        double in = mbits(lab, pod, false);
        double out = mbits(lab, pod, true);
        System.err.printf("unshaped (%s): into the pod %.1f Mbit/s, out of it %.1f Mbit/s%n", when, in, out);
        assertThat(in).as("into the pod, " + when).isGreaterThan(300);
        assertThat(out).as("out of the pod, " + when).isGreaterThan(300);
    }

    private static void assertWithinTenPercent(BridgedPods lab, Pod pod, boolean fromPod, long mbit) {
        String what = (fromPod ? "out of the pod (egress, IFB)" : "into the pod (ingress, veth TBF)") + " at " + mbit + " Mbit/s";
        double got = mbits(lab, pod, fromPod);
        System.err.printf("shaped %s: %.2f Mbit/s (%.1f%%)%n", what, got, 100 * got / mbit);
        if (Math.abs(got - mbit) > 0.1 * mbit) {
            got = mbits(lab, pod, fromPod); // once more: a busy machine, not the shaping, may have cost this one
            System.err.printf("shaped %s, again: %.2f Mbit/s%n", what, got);
        }
        assertThat(got).as(what).isBetween(0.9 * mbit, 1.1 * mbit);
    }

    /** TCP goodput the receiver saw, in Mbit/s; the client runs in the host namespace. */
    private static double mbits(BridgedPods lab, Pod pod, boolean fromPod) {
        Proc.Result r = fromPod
                ? Proc.inNetns(lab.host, "iperf3", "-c", pod.ipv4(), "-p", "5201", "-t", "3", "-O", "1", "-J", "-R")
                : Proc.inNetns(lab.host, "iperf3", "-c", pod.ipv4(), "-p", "5201", "-t", "3", "-O", "1", "-J");
        JsonNode j = JSON.readTree(r.check().out());
        return j.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
    }
}
