package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) over segments: a ones' complement sum kept unfolded in a
 * {@code long} so that partial sums (pseudo-header, header, payload) add up before one fold, and
 * the incremental update of RFC 1624 for a changed 16-bit word. A sum of 64 KiB stays far below
 * 2^63.
 */
public final class Checksum {
    private Checksum() {
    }

    /**
     * Adds {@code len} bytes at {@code off} to {@code sum}; an odd last byte is padded with zero.
     * The bulk is read sixteen bytes at a time in the machine's own byte order into two
     * accumulators (no byte swap per word; RFC 1071 §2(B): the sum of byte-swapped words is the
     * byte-swapped sum), folded and swapped once; the tail is read in network order. The loop
     * counts with an {@code int} from the offset, which C2 turns into a counted loop with its
     * bounds checks hoisted: about 1.6× the bytes per CPU-second of a loop on the {@code long}
     * address (11 against 7 GB/s for 1420-byte payloads, measured on the loaded 2-CPU VM).
     */
    public static long add(long sum, MemorySegment s, long off, int len) {
        int bulk = len & ~15;
        long a = 0;
        long b = 0;
        for (int i = 0; i < bulk; i += 16) {
            long v = s.get(Bytes.NATIVE_LONG, off + i);
            long w = s.get(Bytes.NATIVE_LONG, off + i + 8);
            a += (v >>> 32) + (v & 0xffffffffL);
            b += (w >>> 32) + (w & 0xffffffffL);
        }
        long p = off + bulk;
        long end = off + len;
        if (end - p >= 8) {
            long v = s.get(Bytes.NATIVE_LONG, p);
            a += (v >>> 32) + (v & 0xffffffffL);
            p += 8;
        }
        int folded = fold(a + b);
        sum += Bytes.NATIVE_IS_BIG ? folded : ((folded & 0xff) << 8) | (folded >>> 8);
        if (end - p >= 4) {
            sum += Integer.toUnsignedLong(s.get(Bytes.BE_INT, p));
            p += 4;
        }
        if (end - p >= 2) {
            sum += Short.toUnsignedInt(s.get(Bytes.BE_SHORT, p));
            p += 2;
        }
        if (end - p == 1) {
            sum += (s.get(Bytes.BYTE, p) & 0xff) << 8;
        }
        return sum;
    }

    /** The sum of the TCP/UDP pseudo-header: addresses, protocol and the L4 length. */
    public static long pseudoHeader(int src, int dst, int protocol, int l4Length) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + l4Length;
    }

    /** Folds a sum to 16 bits (ones' complement addition of the carries). */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum to store: the complement of the folded sum. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xffff;
    }

    /** The checksum of {@code len} bytes alone. */
    public static int of(MemorySegment s, long off, int len) {
        return finish(add(0, s, off, len));
    }

    /**
     * RFC 1624 eqn. 3: the checksum after one 16-bit word of the covered data changed from
     * {@code oldWord} to {@code newWord}: HC' = ~(~HC + ~m + m').
     */
    public static int update(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return ~fold(sum) & 0xffff;
    }
}
