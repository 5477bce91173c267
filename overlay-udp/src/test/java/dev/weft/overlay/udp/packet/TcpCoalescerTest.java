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
}
