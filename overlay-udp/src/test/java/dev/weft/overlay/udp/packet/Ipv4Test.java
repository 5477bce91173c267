package dev.weft.overlay.udp.packet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class Ipv4Test {

    @Test
    void readsTheFieldsOfAHeader() {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, 64, 56, true);
        MemorySegment s = Packets.seg(p);
        assertThat(Ipv4.check(s, 0, p.length, true)).isEqualTo(Ipv4.OK);
        assertThat(Ipv4.version(s, 0)).isEqualTo(4);
        assertThat(Ipv4.headerLength(s, 0)).isEqualTo(20);
        assertThat(Ipv4.totalLength(s, 0)).isEqualTo(84);
        assertThat(Ipv4.ttl(s, 0)).isEqualTo(64);
        assertThat(Ipv4.protocol(s, 0)).isEqualTo(Ipv4.PROTO_ICMP);
        assertThat(Ipv4.dontFragment(s, 0)).isTrue();
        assertThat(Ipv4.isFragment(s, 0)).isFalse();
        assertThat(Ipv4.format(Ipv4.source(s, 0))).isEqualTo("10.244.1.2");
        assertThat(Ipv4.format(Ipv4.destination(s, 0))).isEqualTo("10.244.2.3");
    }

    @Test
    void checkRefusesShortForeignAndBrokenHeaders() {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, 64, 8, false);
        MemorySegment s = Packets.seg(p);
        assertThat(Ipv4.check(s, 0, 0, true)).isEqualTo(Ipv4.SHORT);
        assertThat(Ipv4.check(s, 0, 19, true)).isEqualTo(Ipv4.SHORT);
        assertThat(Ipv4.check(s, 0, p.length - 1, true)).as("total length beyond the bytes").isEqualTo(Ipv4.SHORT);
        byte[] v6 = p.clone();
        v6[0] = 0x60;
        assertThat(Ipv4.check(Packets.seg(v6), 0, v6.length, true)).isEqualTo(Ipv4.NOT_IPV4);
        byte[] ihl = p.clone();
        ihl[0] = 0x44;
        assertThat(Ipv4.check(Packets.seg(ihl), 0, ihl.length, false)).isEqualTo(Ipv4.BAD_HEADER);
        byte[] sum = p.clone();
        sum[10] ^= 0x55;
        assertThat(Ipv4.check(Packets.seg(sum), 0, sum.length, true)).isEqualTo(Ipv4.BAD_HEADER);
        assertThat(Ipv4.check(Packets.seg(sum), 0, sum.length, false)).isEqualTo(Ipv4.OK);
        byte[] total = p.clone();
        Packets.putShort(total, 2, 12);
        assertThat(Ipv4.check(Packets.seg(total), 0, total.length, false)).isEqualTo(Ipv4.BAD_HEADER);
        assertThat(Ipv4.check(Packets.seg(p), 0, p.length + 0, true)).isEqualTo(Ipv4.OK);
    }

    @Property
    void decrementingTheTtlKeepsTheHeaderChecksumValid(@ForAll @IntRange(min = 2, max = 255) int ttl,
                                                       @ForAll @IntRange(max = 200) int dataLen) {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, ttl, dataLen, false);
        MemorySegment s = Packets.seg(p);
        assertThat(Ipv4.decrementTtl(s, 0)).isTrue();
        assertThat(Ipv4.ttl(s, 0)).isEqualTo(ttl - 1);
        assertThat(Packets.naive(p, 0, 20, 0)).isZero();
    }

    @Test
    void aTtlOfOneIsNotForwardedAndNotChanged() {
        byte[] p = Packets.echo(Packets.SRC, Packets.DST, 1, 8, false);
        byte[] before = p.clone();
        assertThat(Ipv4.decrementTtl(Packets.seg(p), 0)).isFalse();
        assertThat(p).isEqualTo(before);
    }

    @Test
    void writeHeaderMakesAValidHeader() {
        byte[] p = new byte[20];
        Ipv4.writeHeader(Packets.seg(p), 0, 0xc0, 56, 0, 0, 64, 1, Packets.SRC, Packets.DST);
        assertThat(Packets.naive(p, 0, 20, 0)).isZero();
        assertThat(p[0]).isEqualTo((byte) 0x45);
        assertThat(Packets.getShort(p, 2)).isEqualTo(56);
    }
}
