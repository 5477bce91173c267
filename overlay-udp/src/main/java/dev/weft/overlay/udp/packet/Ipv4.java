package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * The IPv4 header (RFC 791) read and written in place at an offset of a segment: field accessors,
 * {@link #check} (what a forwarder must refuse before looking further), and the TTL decrement
 * with the incremental checksum update of RFC 1624. Addresses are {@code int}s, first octet most
 * significant.
 */
public final class Ipv4 {
    public static final int MIN_HEADER = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int OFFSET_MASK = 0x1fff;

    /** What {@link #check} found. */
    public static final int OK = 0;
    /** Fewer bytes than a header, or than the header or total length claims. */
    public static final int SHORT = 1;
    /** Version is not 4. */
    public static final int NOT_IPV4 = 2;
    /** Header length under 20, total length under the header length, or a bad header checksum. */
    public static final int BAD_HEADER = 3;

    private Ipv4() {
    }

    /**
     * Validates the packet of {@code len} bytes at {@code off}: {@link #OK}, {@link #SHORT},
     * {@link #NOT_IPV4} or {@link #BAD_HEADER}; the header checksum only when {@code verifySum}.
     */
    public static int check(MemorySegment s, long off, int len, boolean verifySum) {
        if (len < 1) {
            return SHORT;
        }
        if (version(s, off) != 4) {
            return NOT_IPV4;
        }
        if (len < MIN_HEADER) {
            return SHORT;
        }
        int ihl = headerLength(s, off);
        if (ihl < MIN_HEADER) {
            return BAD_HEADER;
        }
        int total = totalLength(s, off);
        if (ihl > len || total > len) {
            return SHORT;
        }
        if (total < ihl) {
            return BAD_HEADER;
        }
        if (verifySum && Checksum.fold(Checksum.add(0, s, off, ihl)) != 0xffff) {
            return BAD_HEADER;
        }
        return OK;
    }

    public static int version(MemorySegment s, long off) {
        return (s.get(Bytes.BYTE, off) & 0xf0) >>> 4;
    }

    /** The header length in bytes (IHL × 4). */
    public static int headerLength(MemorySegment s, long off) {
        return (s.get(Bytes.BYTE, off) & 0x0f) * 4;
    }

    public static int tos(MemorySegment s, long off) {
        return s.get(Bytes.BYTE, off + 1) & 0xff;
    }

    public static int totalLength(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + 2));
    }

    public static void setTotalLength(MemorySegment s, long off, int len) {
        s.set(Bytes.BE_SHORT, off + 2, (short) len);
    }

    public static int id(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + 4));
    }

    public static void setId(MemorySegment s, long off, int id) {
        s.set(Bytes.BE_SHORT, off + 4, (short) id);
    }

    /** Flags and fragment offset, the 16 bits at offset 6. */
    public static int fragmentField(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + 6));
    }

    public static boolean dontFragment(MemorySegment s, long off) {
        return (fragmentField(s, off) & FLAG_DF) != 0;
    }

    /** More fragments or a non-zero offset: part of a fragmented datagram. */
    public static boolean isFragment(MemorySegment s, long off) {
        return (fragmentField(s, off) & (FLAG_MF | OFFSET_MASK)) != 0;
    }

    public static int ttl(MemorySegment s, long off) {
        return s.get(Bytes.BYTE, off + 8) & 0xff;
    }

    public static int protocol(MemorySegment s, long off) {
        return s.get(Bytes.BYTE, off + 9) & 0xff;
    }

    public static int headerChecksum(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + 10));
    }

    public static int source(MemorySegment s, long off) {
        return s.get(Bytes.BE_INT, off + 12);
    }

    public static int destination(MemorySegment s, long off) {
        return s.get(Bytes.BE_INT, off + 16);
    }

    /** Recomputes the header checksum from scratch. */
    public static void updateChecksum(MemorySegment s, long off) {
        s.set(Bytes.BE_SHORT, off + 10, (short) 0);
        s.set(Bytes.BE_SHORT, off + 10, (short) Checksum.of(s, off, headerLength(s, off)));
    }

    /**
     * Decrements the TTL and patches the checksum incrementally (RFC 1624); false, changing
     * nothing, when the TTL is 1 or 0 and the packet must not be forwarded.
     */
    public static boolean decrementTtl(MemorySegment s, long off) {
        int ttl = ttl(s, off);
        if (ttl <= 1) {
            return false;
        }
        int proto = protocol(s, off);
        int oldWord = (ttl << 8) | proto;
        int newWord = ((ttl - 1) << 8) | proto;
        s.set(Bytes.BYTE, off + 8, (byte) (ttl - 1));
        s.set(Bytes.BE_SHORT, off + 10, (short) Checksum.update(headerChecksum(s, off), oldWord, newWord));
        return true;
    }

    /** Writes a 20-byte header without options and its checksum. */
    public static void writeHeader(MemorySegment s, long off, int tos, int totalLength, int id, int fragmentField,
                                   int ttl, int protocol, int src, int dst) {
        s.set(Bytes.BYTE, off, (byte) 0x45);
        s.set(Bytes.BYTE, off + 1, (byte) tos);
        s.set(Bytes.BE_SHORT, off + 2, (short) totalLength);
        s.set(Bytes.BE_SHORT, off + 4, (short) id);
        s.set(Bytes.BE_SHORT, off + 6, (short) fragmentField);
        s.set(Bytes.BYTE, off + 8, (byte) ttl);
        s.set(Bytes.BYTE, off + 9, (byte) protocol);
        s.set(Bytes.BE_SHORT, off + 10, (short) 0);
        s.set(Bytes.BE_INT, off + 12, src);
        s.set(Bytes.BE_INT, off + 16, dst);
        s.set(Bytes.BE_SHORT, off + 10, (short) Checksum.of(s, off, MIN_HEADER));
    }

    /** {@code a.b.c.d} of an address int. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** The address int of {@code a.b.c.d} given as four octets. */
    public static int address(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}
