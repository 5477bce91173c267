package dev.weft.overlay.udp;

import dev.weft.netlink.ns.NetNs;
import dev.weft.overlay.udp.datapath.Counter;
import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.weft.overlay.udp.TwoNodeLab.POD_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet path allocates nothing: ThreadMXBean's allocated-bytes counter of every packet thread
 * of both nodes stays flat (under 64 KiB, where one allocation per packet would be megabytes)
 * while tens of thousands of packets — flood pings both ways and a bulk TCP stream — go through,
 * after a warm-up of the same traffic (JIT compilation, class loading). Runs in a JVM of its own
 * (surefire {@code reuseForks=false}): packet code fed heap segments by other tests would leave
 * polymorphic type profiles that the datapath process, which only ever sees native segments,
 * does not have.
 */
@RequiresRoot
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AllocationRootTest {
    private static final long FLAT = 64 * 1024;

    @RegisterExtension
    final Netns ns = new Netns();
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DatapathKind.class)
    void thePacketThreadsAllocateNothingPerPacket(DatapathKind kind) throws Exception {
        TwoNodeLab lab = TwoNodeLab.build(ns, dir, 1472);
        lab.writePeers();
        int queues = kind == DatapathKind.SIMPLE ? 1 : 2;
        try (NetNs na = NetNs.named(lab.nodeA); NetNs nb = NetNs.named(lab.nodeB);
             UdpOverlay a = UdpOverlay.start(lab.config(true, Optional.of(kind), queues), na);
             UdpOverlay b = UdpOverlay.start(lab.config(false, Optional.of(kind), queues), nb);
             Daemon iperf = Daemon.start("iperf3", lab.podB, dir.resolve("iperf3.log"), "iperf3", "-s", "--forceflush")) {
            iperf.awaitReady(Duration.ofSeconds(10), () -> iperf.log().contains("Server listening"));
            traffic(lab, 5000);
            List<Thread> threads = new ArrayList<>(a.datapath().threads());
            threads.addAll(b.datapath().threads());
            long[] before = allocated(threads);
            long packetsBefore = a.datapath().counters().get(Counter.TX_PACKETS) + b.datapath().counters().get(Counter.RX_PACKETS);
            traffic(lab, 20000);
            long[] after = allocated(threads);
            long packets = a.datapath().counters().get(Counter.TX_PACKETS) + b.datapath().counters().get(Counter.RX_PACKETS)
                    - packetsBefore;
            StringBuilder report = new StringBuilder(kind + ": " + packets + " packets;");
            for (int i = 0; i < threads.size(); i++) {
                report.append(' ').append(threads.get(i).getName()).append('=').append(after[i] - before[i]).append("B");
            }
            System.err.println("allocation check " + report);
            assertThat(packets).as("traffic went through").isGreaterThan(40_000);
            for (int i = 0; i < threads.size(); i++) {
                assertThat(after[i] - before[i]).as("bytes allocated by %s; %s", threads.get(i).getName(), report)
                        .isLessThan(FLAT);
            }
        }
    }

    private static void traffic(TwoNodeLab lab, int pings) {
        TwoNodeLab.ping(lab.podA, "-f", "-q", "-c", Integer.toString(pings), "-W", "1", POD_B);
        Proc.Result r = Proc.run(List.of("ip", "netns", "exec", lab.podA, "iperf3", "-c", POD_B, "-t", "2"),
                java.util.Map.of(), null, Duration.ofSeconds(30));
        assertThat(r.ok()).as("iperf3: %s %s", r.out(), r.err()).isTrue();
    }

    private static long[] allocated(List<Thread> threads) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] out = new long[threads.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mx.getThreadAllocatedBytes(threads.get(i).threadId());
        }
        return out;
    }
}
