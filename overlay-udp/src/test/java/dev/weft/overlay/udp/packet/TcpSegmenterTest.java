package dev.weft.overlay.udp.packet;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TcpSegmenterTest {

    @Test
    void finAndPshStayOnTheLastSegmentCwrOnTheFirst() {
        byte[] sp = Packets.tcp(Packets.SRC, Packets.DST, 65535, 64, 1, 2, -50, 9,
                Tcp.ACK | Tcp.PSH | Tcp.FIN | Tcp.CWR, new byte[0], new byte[250]);
        List<byte[]> segs = GsoGroProperties.segment(sp, 100);
        assertThat(segs).hasSize(3);
        assertThat(segs.stream().map(s -> s[33] & 0xff).toList())
                .containsExactly(Tcp.ACK | Tcp.CWR, Tcp.ACK, Tcp.ACK | Tcp.PSH | Tcp.FIN);
        assertThat(segs.stream().map(s -> Packets.getShort(s, 4)).toList()).as("ip ids wrap").containsExactly(65535, 0, 1);
        assertThat(segs.stream().map(s -> java.nio.ByteBuffer.wrap(s).getInt(24)).toList()).containsExactly(-50, 50, 150);
        assertThat(segs).allSatisfy(s -> assertThat(Packets.checksumsValid(s)).isTrue());
    }

    @Test
    void refusesWhatItCannotCut() {
        TcpSegmenter seg = new TcpSegmenter();
        MemorySegment out = MemorySegment.ofArray(new byte[4000]);
        Gather parts = new Gather(64);
        byte[] udp = Packets.udp(Packets.SRC, Packets.DST, 64, new byte[2000]);
        assertThat(seg.segment(Packets.seg(udp), 0, udp.length, 1000, out, 0, 4000, parts)).isEqualTo(TcpSegmenter.NOT_TCP);
        byte[] tcp = Packets.tcp(Packets.SRC, Packets.DST, 1, 64, 1, 2, 3, 4, Tcp.ACK, new byte[0], new byte[3000]);
        assertThat(seg.segment(Packets.seg(tcp), 0, tcp.length, 100, out, 0, 30 * 40 - 1, parts))
                .as("30 headers of 40 bytes").isEqualTo(TcpSegmenter.NO_ROOM);
        assertThat(seg.segment(Packets.seg(tcp), 0, tcp.length, 100, out, 0, 4000, new Gather(59)))
                .as("60 parts").isEqualTo(TcpSegmenter.NO_ROOM);
        assertThat(seg.segment(Packets.seg(tcp), 0, 100, 100, out, 0, 4000, parts)).isEqualTo(TcpSegmenter.MALFORMED);
        byte[] badDoff = tcp.clone();
        badDoff[32] = 0x10;
        assertThat(seg.segment(Packets.seg(badDoff), 0, badDoff.length, 100, out, 0, 4000, parts)).isEqualTo(TcpSegmenter.MALFORMED);
        assertThat(parts.count()).as("nothing added on refusal").isZero();
    }
}
