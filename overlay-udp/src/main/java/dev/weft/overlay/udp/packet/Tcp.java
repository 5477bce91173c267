package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/** The TCP header (RFC 9293) in place at an offset: the fields segmentation and coalescing touch. */
public final class Tcp {
    public static final int MIN_HEADER = 20;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** Where the checksum sits in the header: virtio's csum_offset for TCP. */
    public static final int CHECKSUM_OFFSET = 16;

    private Tcp() {
    }

    public static int sourcePort(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off));
    }

    public static int destinationPort(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + 2));
    }

    /** Both ports in one int, source in the high half. */
    public static int ports(MemorySegment s, long off) {
        return s.get(Bytes.BE_INT, off);
    }

    public static int seq(MemorySegment s, long off) {
        return s.get(Bytes.BE_INT, off + 4);
    }

    public static void setSeq(MemorySegment s, long off, int seq) {
        s.set(Bytes.BE_INT, off + 4, seq);
    }

    public static int ack(MemorySegment s, long off) {
        return s.get(Bytes.BE_INT, off + 8);
    }

    /** The header length in bytes (data offset × 4). */
    public static int headerLength(MemorySegment s, long off) {
        return ((s.get(Bytes.BYTE, off + 12) & 0xf0) >>> 4) * 4;
    }

    public static int flags(MemorySegment s, long off) {
        return s.get(Bytes.BYTE, off + 13) & 0xff;
    }

    public static void setFlags(MemorySegment s, long off, int flags) {
        s.set(Bytes.BYTE, off + 13, (byte) flags);
    }

    public static int window(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + 14));
    }

    public static int checksum(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.BE_SHORT, off + CHECKSUM_OFFSET));
    }

    public static void setChecksum(MemorySegment s, long off, int sum) {
        s.set(Bytes.BE_SHORT, off + CHECKSUM_OFFSET, (short) sum);
    }

    /**
     * Computes and stores the full checksum of the segment of {@code l4Length} bytes at
     * {@code off} (header and payload), given the IP addresses.
     */
    public static void fillChecksum(MemorySegment s, long off, int l4Length, int src, int dst) {
        setChecksum(s, off, 0);
        long sum = Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.PROTO_TCP, l4Length), s, off, l4Length);
        setChecksum(s, off, Checksum.finish(sum));
    }

    /** Whether the segment's checksum verifies. */
    public static boolean checksumValid(MemorySegment s, long off, int l4Length, int src, int dst) {
        long sum = Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.PROTO_TCP, l4Length), s, off, l4Length);
        return Checksum.fold(sum) == 0xffff;
    }
}
