package dev.weft.overlay.udp.packet;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TcpCoalescerTest {
    private static final byte[] NONE = new byte[VirtioNetHdr.SIZE];

    private static byte[] seg(int seq, int sport, int flags, int len) {
        return Packets.tcp(Packets.SRC, Packets.DST, 1, 63, sport, 80, seq, 7, flags, new byte[0], new byte[len]);
    }

    private static byte[] body(byte[] emitted) {
        return Arrays.copyOfRange(emitted, VirtioNetHdr.SIZE, emitted.length);
    }

    @Test
    void consecutiveSegmentsMergeIntoOneTsoPacket() {
        List<byte[]> out = GsoGroProperties.coalesce(List.of(seg(0, 1, Tcp.ACK, 100), seg(100, 1, Tcp.ACK, 100),
                seg(200, 1, Tcp.ACK, 100)));
        assertThat(out).hasSize(1);
        VirtioNetHdr h = VirtioNetHdr.decode(MemorySegment.ofArray(out.getFirst()), 0);
        assertThat(h.gsoType()).isEqualTo(VirtioNetHdr.GSO_TCPV4);
        assertThat(h.gsoSize()).isEqualTo(100);
        assertThat(Packets.getShort(body(out.getFirst()), 2)).isEqualTo(340);
    }

    @Test
    void aGapInTheSequenceEndsTheRun() {
        List<byte[]> out = GsoGroProperties.coalesce(List.of(seg(0, 1, Tcp.ACK, 100), seg(150, 1, Tcp.ACK, 100)));
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(p -> assertThat(Arrays.copyOf(p, 10)).isEqualTo(NONE));
    }

    @Test
    void anotherFlowASynOrAPureAckIsNotMerged() {
        byte[] a = seg(0, 1, Tcp.ACK, 100);
        byte[] other = seg(100, 2, Tcp.ACK, 100);
        byte[] syn = seg(100, 1, Tcp.SYN | Tcp.ACK, 0);
        byte[] pureAck = seg(100, 1, Tcp.ACK, 0);
        List<byte[]> out = GsoGroProperties.coalesce(List.of(a, other, syn, pureAck));
        assertThat(out).hasSize(4);
        assertThat(out.stream().map(TcpCoalescerTest::body).toList()).containsExactly(a, other, syn, pureAck);
    }

    @Test
    void aSmallerSegmentOrPshEndsTheRun() {
        List<byte[]> out = GsoGroProperties.coalesce(List.of(seg(0, 1, Tcp.ACK, 100), seg(100, 1, Tcp.ACK, 50),
                seg(150, 1, Tcp.ACK, 50)));
        assertThat(out).hasSize(2);
        assertThat(Packets.getShort(body(out.getFirst()), 2)).isEqualTo(40 + 150);
        List<byte[]> psh = GsoGroProperties.coalesce(List.of(seg(0, 1, Tcp.ACK | Tcp.PSH, 100), seg(100, 1, Tcp.ACK, 100)));
        assertThat(psh).hasSize(2);
    }

    @Test
    void aSegmentWithABadChecksumIsPassedOnAloneForTheKernelToDrop() {
        byte[] bad = seg(100, 1, Tcp.ACK, 100);
        bad[bad.length - 1] ^= 1;
        List<byte[]> out = GsoGroProperties.coalesce(List.of(seg(0, 1, Tcp.ACK, 100), bad, seg(200, 1, Tcp.ACK, 100)));
        assertThat(out).hasSize(3);
        assertThat(body(out.get(1))).isEqualTo(bad);
    }

    @Test
    void nonTcpPacketsPassThroughBehindAnEmptyHeader() {
        byte[] echo = Packets.echo(Packets.SRC, Packets.DST, 63, 56, true);
        byte[] udp = Packets.udp(Packets.SRC, Packets.DST, 63, new byte[33]);
        List<byte[]> out = GsoGroProperties.coalesce(List.of(echo, udp));
        assertThat(out.stream().map(TcpCoalescerTest::body).toList()).containsExactly(echo, udp);
        assertThat(out).allSatisfy(p -> assertThat(Arrays.copyOf(p, 10)).isEqualTo(NONE));
    }

    @Test
    void payloadsAreReferencedInPlaceNotCopied() {
        byte[] a = seg(0, 1, Tcp.ACK, 100);
        byte[] b = seg(100, 1, Tcp.ACK, 100);
        byte[] batch = new byte[a.length + b.length];
        System.arraycopy(a, 0, batch, 0, a.length);
        System.arraycopy(b, 0, batch, a.length, b.length);
        MemorySegment in = MemorySegment.ofArray(batch);
        List<String> parts = new java.util.ArrayList<>();
        TcpCoalescer c = new TcpCoalescer(java.lang.foreign.Arena.ofAuto(), g -> {
            for (int i = 0; i < g.count(); i++) {
                parts.add((g.base(i) == in ? "in@" + g.offset(i) : "hdr") + "+" + g.length(i));
            }
        }, true);
        c.add(in, 0, a.length);
        c.add(in, a.length, b.length);
        c.flush();
        assertThat(parts).containsExactly("hdr+" + (VirtioNetHdr.SIZE + 40), "in@40+100", "in@" + (a.length + 40) + "+100");
    }

    @Test
    void aRunEndsAtTheMostSegmentsOneWritevTakes() {
        List<byte[]> segs = new java.util.ArrayList<>();
        for (int i = 0; i <= TcpCoalescer.MAX_SEGMENTS; i++) {
            segs.add(seg(i * 2, 1, Tcp.ACK, 2));
        }
        List<byte[]> out = GsoGroProperties.coalesce(segs);
        assertThat(out).hasSize(2);
        assertThat(Packets.getShort(body(out.getFirst()), 2)).isEqualTo(40 + 2 * TcpCoalescer.MAX_SEGMENTS);
        assertThat(body(out.get(1))).isEqualTo(segs.getLast());
    }
}
