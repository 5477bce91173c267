package dev.weft.overlay.udp.packet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtioNetHdrTest {

    @Test
    void encodesLittleEndianInTheKernelsFieldOrder() {
        byte[] b = new byte[10];
        new VirtioNetHdr(1, 1, 52, 1420, 20, 16).encode(MemorySegment.ofArray(b), 0);
        assertThat(b).containsExactly(1, 1, 52, 0, (byte) 0x8c, 0x05, 20, 0, 16, 0);
    }

    @Property
    void decodeReadsWhatEncodeWrote(@ForAll @IntRange(max = 255) int flags, @ForAll @IntRange(max = 255) int type,
                                    @ForAll @IntRange(max = 65535) int hdrLen, @ForAll @IntRange(max = 65535) int gso,
                                    @ForAll @IntRange(max = 65535) int start, @ForAll @IntRange(max = 65535) int offset) {
        VirtioNetHdr h = new VirtioNetHdr(flags, type, hdrLen, gso, start, offset);
        byte[] b = new byte[13];
        h.encode(MemorySegment.ofArray(b), 3);
        assertThat(VirtioNetHdr.decode(MemorySegment.ofArray(b), 3)).isEqualTo(h);
    }

    @Test
    void rejectsFieldsOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new VirtioNetHdr(0, 0, 0, 70000, 0, 0)).hasMessageContaining("gsoSize");
    }

    @Test
    void completesAPartialTcpChecksumSeededWithThePseudoHeader() {
        byte[] p = Packets.tcp(Packets.SRC, Packets.DST, 1, 64, 40000, 5201, 1000, 2000, Tcp.ACK | Tcp.PSH,
                new byte[12], "hello, partial checksum".getBytes());
        byte[] partial = p.clone();
        MemorySegment s = MemorySegment.ofArray(partial);
        int l4 = p.length - 20;
        Tcp.setChecksum(s, 20, Checksum.fold(Checksum.pseudoHeader(Packets.SRC, Packets.DST, 6, l4)));
        assertThat(VirtioNetHdr.completeChecksum(s, 0, p.length, 20, 16)).isTrue();
        assertThat(partial).isEqualTo(p);
        assertThat(VirtioNetHdr.completeChecksum(s, 0, 30, 20, 16)).as("offsets beyond the packet").isFalse();
    }
}
