package dev.weft.overlay.udp;

import dev.weft.netlink.ns.NetNs;
import dev.weft.overlay.udp.datapath.Counter;
import dev.weft.overlay.udp.datapath.CounterSnapshot;
import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.overlay.udp.packet.Ipv4;
import dev.weft.overlay.udp.packet.Packets;
import dev.weft.testkit.Await;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.weft.overlay.udp.TwoNodeLab.POD_A;
import static dev.weft.overlay.udp.TwoNodeLab.POD_B;
import static dev.weft.overlay.udp.TwoNodeLab.ping;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes and two pods in namespaces, the overlay of each node running in this JVM, for each
 * datapath: pods reach each other both ways, the MTU edge, net unreachable, malformed datagrams
 * dropped and counted, and a TCP transfer arriving intact (the test of segmentation/coalescing).
 */
@RequiresRoot
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UdpOverlayRootTest {
    @RegisterExtension
    final Netns ns = new Netns();
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DatapathKind.class)
    void podsOnTwoNodesTalkThroughTheOverlay(DatapathKind kind) throws Exception {
        TwoNodeLab lab = TwoNodeLab.build(ns, dir, 1500);
        lab.writePeers();
        int queues = kind == DatapathKind.SIMPLE ? 1 : 2;
        try (NetNs na = NetNs.named(lab.nodeA); NetNs nb = NetNs.named(lab.nodeB);
             UdpOverlay a = UdpOverlay.start(lab.config(true, Optional.of(kind), queues), na);
             UdpOverlay b = UdpOverlay.start(lab.config(false, Optional.of(kind), queues), nb)) {
            assertThat(a.choice().kind()).as("this kernel offers every feature: %s", a.features()).isEqualTo(kind);
            assertThat(a.mtu()).isEqualTo(1500 - 28);
            assertThat(a.peers().current().size()).isEqualTo(1);

            ping(lab.podA, "-c", "3", "-i", "0.2", "-W", "2", POD_B).check();
            ping(lab.podB, "-c", "3", "-i", "0.2", "-W", "2", POD_A).check();
            ping(lab.nodeA, "-c", "2", "-i", "0.2", "-W", "2", "10.244.2.1").check();
            assertThat(b.datapath().counters().get(Counter.RX_PACKETS)).isGreaterThanOrEqualTo(8);

            mtuEdge(lab, a.mtu());
            netUnreachable(lab, a);
            malformedDatagramsAreDroppedAndCounted(lab, b);

            String[] hashes;
            try {
                hashes = NsSockets.transfer(lab.podA, lab.podB, POD_B, 9000, 64L << 20);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; A " + a.status() + "; B " + b.status(), e);
            }
            assertThat(hashes[1]).as("64 MiB over TCP arrive intact").isEqualTo(hashes[0]);
            String[] back = NsSockets.transfer(lab.podB, lab.podA, POD_A, 9001, 16L << 20);
            assertThat(back[1]).isEqualTo(back[0]);
            if (kind == DatapathKind.OFFLOAD) {
                CounterSnapshot ca = a.datapath().counters();
                CounterSnapshot cb = b.datapath().counters();
                assertThat(ca.get(Counter.GSO_SUPER_PACKETS)).as("the TUN handed over super-packets").isPositive();
                assertThat(cb.get(Counter.GRO_MERGED)).as("segments were merged before the TUN").isPositive();
                assertThat(cb.get(Counter.SYS_UDP_RECV)).as("UDP GRO: fewer receives than packets")
                        .isLessThan(cb.get(Counter.RX_PACKETS) / 4);
            }
            assertThat(a.datapath().failure()).isEmpty();
            assertThat(b.datapath().failure()).isEmpty();
        }
        Proc.Result links = Proc.run("ip", "-n", lab.nodeA, "link", "show", "weft.udp");
        assertThat(links.ok()).as("the TUN is gone with its datapath").isFalse();
    }

    /** A DF ping of exactly the TUN MTU passes; one byte more gets "fragmentation needed" with the MTU. */
    private static void mtuEdge(TwoNodeLab lab, int mtu) {
        ping(lab.podA, "-M", "do", "-s", Integer.toString(mtu - 28), "-c", "2", "-i", "0.2", "-W", "2", POD_B).check();
        Proc.Result big = ping(lab.podA, "-M", "do", "-s", Integer.toString(mtu - 27), "-c", "1", "-W", "2", POD_B);
        assertThat(big.ok()).isFalse();
        assertThat(big.out()).contains("Frag needed and DF set (mtu = " + mtu + ")");
    }

    private static void netUnreachable(TwoNodeLab lab, UdpOverlay a) {
        long before = a.datapath().counters().get(Counter.DROP_NO_ROUTE);
        Proc.Result r = ping(lab.podA, "-c", "1", "-W", "2", "10.244.7.7");
        assertThat(r.ok()).isFalse();
        assertThat(r.out()).contains("From 10.244.1.1").contains("Destination Net Unreachable");
        assertThat(a.datapath().counters().get(Counter.DROP_NO_ROUTE)).isEqualTo(before + 1);
    }

    private static void malformedDatagramsAreDroppedAndCounted(TwoNodeLab lab, UdpOverlay b) {
        CounterSnapshot before = b.datapath().counters();
        byte[] ipv6 = new byte[60];
        ipv6[0] = 0x60;
        byte[] badSum = Packets.echo(Ipv4.address(10, 244, 1, 2), Ipv4.address(10, 244, 2, 2), 63, 16, false);
        badSum[10] ^= 0x5a;
        byte[] truncated = java.util.Arrays.copyOf(Packets.echo(Ipv4.address(10, 244, 1, 2), Ipv4.address(10, 244, 2, 2), 63, 100, false), 60);
        NsSockets.sendDatagrams(lab.nodeA, "192.0.2.1", "192.0.2.2", 8285,
                List.of(new byte[] {0x45, 0, 0}, new byte[0], ipv6, badSum, truncated));
        TwoNodeLab.ip(lab.fabric, "addr", "add", "192.0.2.99/24", "dev", "br0");
        byte[] stranger = Packets.echo(Ipv4.address(10, 244, 1, 2), Ipv4.address(10, 244, 2, 2), 63, 16, false);
        NsSockets.sendDatagrams(lab.fabric, "192.0.2.99", "192.0.2.2", 8285, List.of(stranger));
        Await.until(Duration.ofSeconds(5), () -> {
            CounterSnapshot now = b.datapath().counters();
            return now.get(Counter.DROP_SHORT) - before.get(Counter.DROP_SHORT) == 3
                    && now.get(Counter.DROP_NOT_IPV4) - before.get(Counter.DROP_NOT_IPV4) == 1
                    && now.get(Counter.DROP_BAD_HEADER) - before.get(Counter.DROP_BAD_HEADER) == 1
                    && now.get(Counter.DROP_UNKNOWN_SENDER) - before.get(Counter.DROP_UNKNOWN_SENDER) == 1;
        }, "drops counted: " + b.datapath().counters());
        ping(lab.podA, "-c", "2", "-i", "0.2", "-W", "2", POD_B).check();
    }
}
