package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) over segments: a ones' complement sum kept unfolded in a
 * {@code long} so that partial sums (pseudo-header, header, payload) add up before one fold, and
 * the incremental update of RFC 1624 for a changed 16-bit word. Reads eight bytes at a time in
 * network order; a sum of 64 KiB stays far below 2^63.
 */
public final class Checksum {
    private Checksum() {
    }

    /** Adds {@code len} bytes at {@code off} to {@code sum}; an odd last byte is padded with zero. */
    public static long add(long sum, MemorySegment s, long off, int len) {
        long p = off;
        long end = off + len;
        while (end - p >= 8) {
            long v = s.get(Bytes.BE_LONG, p);
            sum += (v >>> 32) + (v & 0xffffffffL);
            p += 8;
        }
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
