package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct virtio_net_hdr} (linux/virtio_net.h, 10 bytes, little-endian as a TUN device on a
 * little-endian host has it), which an {@code IFF_VNET_HDR} TUN puts in front of every packet.
 * With {@link #F_NEEDS_CSUM} the checksum is partial: the field at {@code csumStart + csumOffset}
 * holds the folded pseudo-header sum, and whoever finishes the packet adds every byte from
 * {@code csumStart} to the end and stores the complement there. With a {@code gsoType} other than
 * {@link #GSO_NONE} the packet is a super-packet the receiver cuts into {@code gsoSize}-byte
 * payloads. {@code hdrLen} is only a hint (Linux fills it with the linear part's length), so
 * readers compute the header length themselves.
 *
 * <p>The record is for tests and logs; the packet loops use the static accessors.
 */
public record VirtioNetHdr(int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
    public static final int SIZE = 10;
    public static final int F_NEEDS_CSUM = 1;
    public static final int F_DATA_VALID = 2;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    public static final int GSO_ECN = 0x80;

    /** No offload: a whole packet with its checksums done. */
    public static final VirtioNetHdr NONE = new VirtioNetHdr(0, GSO_NONE, 0, 0, 0, 0);

    public VirtioNetHdr {
        check("flags", flags, 0xff);
        check("gsoType", gsoType, 0xff);
        check("hdrLen", hdrLen, 0xffff);
        check("gsoSize", gsoSize, 0xffff);
        check("csumStart", csumStart, 0xffff);
        check("csumOffset", csumOffset, 0xffff);
    }

    private static void check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("virtio_net_hdr " + field + " " + value + " is not in 0.." + max);
        }
    }

    /** Reads the header at {@code off}. */
    public static VirtioNetHdr decode(MemorySegment s, long off) {
        return new VirtioNetHdr(flags(s, off), gsoType(s, off), u16(s, off + 2), gsoSize(s, off),
                csumStart(s, off), csumOffset(s, off));
    }

    /** Writes this header at {@code off}. */
    public void encode(MemorySegment s, long off) {
        write(s, off, flags, gsoType, hdrLen, gsoSize, csumStart, csumOffset);
    }

    /** Writes a header at {@code off} without creating a record. */
    public static void write(MemorySegment s, long off, int flags, int gsoType, int hdrLen, int gsoSize,
                             int csumStart, int csumOffset) {
        s.set(Bytes.BYTE, off, (byte) flags);
        s.set(Bytes.BYTE, off + 1, (byte) gsoType);
        s.set(Bytes.LE_SHORT, off + 2, (short) hdrLen);
        s.set(Bytes.LE_SHORT, off + 4, (short) gsoSize);
        s.set(Bytes.LE_SHORT, off + 6, (short) csumStart);
        s.set(Bytes.LE_SHORT, off + 8, (short) csumOffset);
    }

    /** Ten zero bytes: no offload. */
    public static void writeNone(MemorySegment s, long off) {
        write(s, off, 0, GSO_NONE, 0, 0, 0, 0);
    }

    public static int flags(MemorySegment s, long off) {
        return s.get(Bytes.BYTE, off) & 0xff;
    }

    public static int gsoType(MemorySegment s, long off) {
        return s.get(Bytes.BYTE, off + 1) & 0xff;
    }

    public static int gsoSize(MemorySegment s, long off) {
        return u16(s, off + 4);
    }

    public static int csumStart(MemorySegment s, long off) {
        return u16(s, off + 6);
    }

    public static int csumOffset(MemorySegment s, long off) {
        return u16(s, off + 8);
    }

    private static int u16(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(Bytes.LE_SHORT, off));
    }

    /**
     * Finishes a partial checksum ({@link #F_NEEDS_CSUM}) of the packet of {@code len} bytes at
     * {@code pkt}: sums from {@code csumStart} to the end, the seeded field included, and stores
     * the complement at {@code csumStart + csumOffset} (0 as 0xffff for UDP over IPv4, where 0
     * means "no checksum"). False, changing nothing, when the offsets do not fit the packet.
     */
    public static boolean completeChecksum(MemorySegment s, long pkt, int len, int csumStart, int csumOffset) {
        if (csumStart + csumOffset + 2 > len) {
            return false;
        }
        long field = pkt + csumStart + csumOffset;
        long sum = Checksum.add(0, s, pkt + csumStart, len - csumStart);
        int sum16 = Checksum.finish(sum);
        if (sum16 == 0 && len >= Ipv4.MIN_HEADER && Ipv4.version(s, pkt) == 4 && Ipv4.protocol(s, pkt) == Ipv4.PROTO_UDP) {
            sum16 = 0xffff;
        }
        s.set(Bytes.BE_SHORT, field, (short) sum16);
        return true;
    }
}
