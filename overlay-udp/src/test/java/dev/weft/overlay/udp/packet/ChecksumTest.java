package dev.weft.overlay.udp.packet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumTest {

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (folded); the checksum is its complement
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(Checksum.fold(Checksum.add(0, MemorySegment.ofArray(b), 0, 8))).isEqualTo(0xddf2);
        assertThat(Checksum.of(MemorySegment.ofArray(b), 0, 8)).isEqualTo(0x220d);
    }

    @Property
    void agreesWithTheWordByWordSum(@ForAll @Size(max = 3000) byte[] data, @ForAll @IntRange(max = 7) int skip) {
        int off = Math.min(skip, data.length);
        int len = data.length - off;
        assertThat(Checksum.of(MemorySegment.ofArray(data), off, len)).isEqualTo(Packets.naive(data, off, len, 0));
    }

    @Property
    void incrementalUpdateEqualsRecomputing(@ForAll @Size(min = 2, max = 64) byte[] data, @ForAll int word,
                                            @ForAll @IntRange(max = 31) int at) {
        int pos = (Math.min(at, data.length / 2 - 1)) * 2;
        int before = Checksum.of(MemorySegment.ofArray(data), 0, data.length);
        int old = Packets.getShort(data, pos);
        Packets.putShort(data, pos, word & 0xffff);
        int updated = Checksum.update(before, old, word & 0xffff);
        // RFC 1624: eqn. 3 may give 0xffff where recomputing gives 0 (both are zero in ones' complement)
        int recomputed = Checksum.of(MemorySegment.ofArray(data), 0, data.length);
        assertThat(updated == recomputed || (updated ^ recomputed) == 0xffff && (updated == 0 || recomputed == 0)).isTrue();
    }

    @Test
    void pseudoHeaderCountsAddressesProtocolAndLength() {
        long s = Checksum.pseudoHeader(0x0a000001, 0x0a000002, 6, 40);
        assertThat(s).isEqualTo(0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 40);
    }
}
