package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * ICMP errors a forwarder sends back (RFC 792, RFC 1812 §4.3.2): destination unreachable (net
 * unreachable, fragmentation needed with the next-hop MTU of RFC 1191) and time exceeded. The
 * error quotes as much of the offending packet as fits in 576 bytes, as RFC 1812 asks and Linux
 * does. {@link #mayAnswer} holds the rules for when no error may be sent at all.
 */
public final class Icmp {
    public static final int HEADER = 8;
    public static final int DEST_UNREACHABLE = 3;
    public static final int TIME_EXCEEDED = 11;
    public static final int ECHO_REPLY = 0;
    public static final int ECHO_REQUEST = 8;
    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_FRAG_NEEDED = 4;
    public static final int CODE_TTL_EXCEEDED = 0;
    /** The largest error datagram: RFC 1812's 576 bytes. */
    public static final int MAX_ERROR = 576;
    /** TOS of ICMP errors: precedence "internetwork control", as Linux sends them. */
    private static final int TOS = 0xc0;

    private Icmp() {
    }

    /**
     * Whether an ICMP error may answer the packet at {@code off} (RFC 1812 §4.3.2.7): not an ICMP
     * error itself, not a non-first fragment, not from an unspecified, loopback, multicast or
     * broadcast source.
     */
    public static boolean mayAnswer(MemorySegment s, long off, int len) {
        if ((Ipv4.fragmentField(s, off) & Ipv4.OFFSET_MASK) != 0) {
            return false;
        }
        int src = Ipv4.source(s, off);
        int first = src >>> 24;
        if (src == 0 || src == -1 || first == 127 || (first >= 224 && first <= 239)) {
            return false;
        }
        if (Ipv4.protocol(s, off) == Ipv4.PROTO_ICMP) {
            int ihl = Ipv4.headerLength(s, off);
            if (len < ihl + 1) {
                return false;
            }
            int type = s.get(Bytes.BYTE, off + ihl) & 0xff;
            return !(type == DEST_UNREACHABLE || type == 4 || type == 5 || type == TIME_EXCEEDED || type == 12);
        }
        return true;
    }

    /**
     * Writes into {@code out} at {@code outOff} an error of {@code type}/{@code code} from
     * {@code source} about the packet of {@code len} bytes at {@code off}; {@code mtu} goes in
     * the next-hop MTU field (frag-needed) and is 0 otherwise. Returns the error's length.
     * {@code out} must have {@link #MAX_ERROR} bytes of room.
     */
    public static int error(MemorySegment out, long outOff, int type, int code, int mtu, int source,
                            MemorySegment s, long off, int len) {
        int quoted = Math.min(Math.min(len, Ipv4.totalLength(s, off)), MAX_ERROR - Ipv4.MIN_HEADER - HEADER);
        int total = Ipv4.MIN_HEADER + HEADER + quoted;
        Ipv4.writeHeader(out, outOff, TOS, total, 0, 0, 64, Ipv4.PROTO_ICMP, source, Ipv4.source(s, off));
        long icmp = outOff + Ipv4.MIN_HEADER;
        out.set(Bytes.BYTE, icmp, (byte) type);
        out.set(Bytes.BYTE, icmp + 1, (byte) code);
        out.set(Bytes.BE_SHORT, icmp + 2, (short) 0);
        out.set(Bytes.BE_SHORT, icmp + 4, (short) 0);
        out.set(Bytes.BE_SHORT, icmp + 6, (short) mtu);
        MemorySegment.copy(s, off, out, icmp + HEADER, quoted);
        out.set(Bytes.BE_SHORT, icmp + 2, (short) Checksum.of(out, icmp, HEADER + quoted));
        return total;
    }

    /** Destination unreachable, net unreachable: no peer owns the destination. */
    public static int netUnreachable(MemorySegment out, long outOff, int source, MemorySegment s, long off, int len) {
        return error(out, outOff, DEST_UNREACHABLE, CODE_NET_UNREACHABLE, 0, source, s, off, len);
    }

    /** Destination unreachable, fragmentation needed and DF set, with the next-hop {@code mtu}. */
    public static int fragNeeded(MemorySegment out, long outOff, int mtu, int source, MemorySegment s, long off, int len) {
        return error(out, outOff, DEST_UNREACHABLE, CODE_FRAG_NEEDED, mtu, source, s, off, len);
    }

    /** Time exceeded in transit: the TTL ran out here. */
    public static int ttlExceeded(MemorySegment out, long outOff, int source, MemorySegment s, long off, int len) {
        return error(out, outOff, TIME_EXCEEDED, CODE_TTL_EXCEEDED, 0, source, s, off, len);
    }
}
