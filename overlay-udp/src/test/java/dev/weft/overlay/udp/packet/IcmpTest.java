package dev.weft.overlay.udp.packet;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class IcmpTest {
    private static final int GW = Ipv4.address(10, 244, 1, 0);

    @Test
    void netUnreachableQuotesTheHeaderAndGoesBackToTheSender() {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, 63, 56, true);
        byte[] out = new byte[Icmp.MAX_ERROR];
        int n = Icmp.netUnreachable(MemorySegment.ofArray(out), 0, GW, Packets.seg(p), 0, p.length);
        assertThat(n).isEqualTo(20 + 8 + p.length);
        MemorySegment o = MemorySegment.ofArray(out);
        assertThat(Ipv4.check(o, 0, n, true)).isEqualTo(Ipv4.OK);
        assertThat(Ipv4.protocol(o, 0)).isEqualTo(Ipv4.PROTO_ICMP);
        assertThat(Ipv4.source(o, 0)).isEqualTo(GW);
        assertThat(Ipv4.destination(o, 0)).isEqualTo(Packets.SRC);
        assertThat(out[20]).isEqualTo((byte) 3);
        assertThat(out[21]).isEqualTo((byte) 0);
        assertThat(Packets.naive(out, 20, n - 20, 0)).as("ICMP checksum").isZero();
        assertThat(Arrays.copyOfRange(out, 28, n)).isEqualTo(p);
    }

    @Test
    void fragNeededCarriesTheNextHopMtu() {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, 63, 1500, true);
        byte[] out = new byte[Icmp.MAX_ERROR];
        int n = Icmp.fragNeeded(MemorySegment.ofArray(out), 0, 1472, GW, Packets.seg(p), 0, p.length);
        assertThat(n).as("at most 576 bytes (RFC 1812)").isEqualTo(576);
        assertThat(out[20]).isEqualTo((byte) 3);
        assertThat(out[21]).isEqualTo((byte) 4);
        assertThat(Packets.getShort(out, 26)).isEqualTo(1472);
        assertThat(Packets.naive(out, 20, n - 20, 0)).isZero();
        assertThat(Arrays.copyOfRange(out, 28, n)).isEqualTo(Arrays.copyOf(p, 548));
    }

    @Test
    void ttlExceededIsTypeEleven() {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, 1, 8, false);
        byte[] out = new byte[Icmp.MAX_ERROR];
        Icmp.ttlExceeded(MemorySegment.ofArray(out), 0, GW, Packets.seg(p), 0, p.length);
        assertThat(out[20]).isEqualTo((byte) 11);
        assertThat(out[21]).isEqualTo((byte) 0);
    }

    @Test
    void noErrorAnswersAnErrorAFragmentOrABroadcast() {
        byte[] echo = Packets.echo(Packets.SRC, Packets.DST, 63, 8, false);
        assertThat(Icmp.mayAnswer(Packets.seg(echo), 0, echo.length)).isTrue();
        byte[] err = new byte[Icmp.MAX_ERROR];
        int n = Icmp.netUnreachable(MemorySegment.ofArray(err), 0, Packets.DST, Packets.seg(echo), 0, echo.length);
        assertThat(Icmp.mayAnswer(MemorySegment.ofArray(err), 0, n)).isFalse();
        byte[] frag = echo.clone();
        Packets.putShort(frag, 6, 0x0010);
        assertThat(Icmp.mayAnswer(Packets.seg(frag), 0, frag.length)).isFalse();
        byte[] first = echo.clone();
        Packets.putShort(first, 6, 0x2000);
        assertThat(Icmp.mayAnswer(Packets.seg(first), 0, first.length)).as("the first fragment may be answered").isTrue();
        byte[] bcast = Packets.echo(-1, Packets.DST, 63, 8, false);
        assertThat(Icmp.mayAnswer(Packets.seg(bcast), 0, bcast.length)).isFalse();
        byte[] mcast = Packets.echo(Ipv4.address(224, 0, 0, 5), Packets.DST, 63, 8, false);
        assertThat(Icmp.mayAnswer(Packets.seg(mcast), 0, mcast.length)).isFalse();
        byte[] tcp = Packets.tcp(Packets.SRC, Packets.DST, 1, 64, 1, 2, 3, 4, Tcp.ACK, new byte[0], new byte[10]);
        assertThat(Icmp.mayAnswer(Packets.seg(tcp), 0, tcp.length)).isTrue();
    }
}
