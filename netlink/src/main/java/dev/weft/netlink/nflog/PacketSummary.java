package dev.weft.netlink.nflog;

import dev.weft.net.IpAddress;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a logged packet's first bytes say: addresses, the transport protocol (IANA number) and its
 * ports (0 when the protocol has none, or they were not copied). Parsed from the IPv4 or IPv6
 * header the kernel hands over (NFULA_PAYLOAD starts at the network header); IPv6 extension
 * headers are walked (hop-by-hop, routing, destination options, fragment — a fragment other than
 * the first has no ports).
 */
public record PacketSummary(IpAddress source, IpAddress destination, int protocol, int sourcePort,
                            int destinationPort, int length) {
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int SCTP = 132;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    public PacketSummary {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /** Parses {@code p}; a packet too short for its IP header is an error naming what is missing. */
    public static PacketSummary parse(byte[] p) {
        if (p.length < 1) {
            throw new IllegalArgumentException("payload: empty");
        }
        int version = (p[0] & 0xff) >> 4;
        return switch (version) {
            case 4 -> v4(p);
            case 6 -> v6(p);
            default -> throw new IllegalArgumentException("payload: IP version " + version + " is not 4 or 6");
        };
    }

    private static PacketSummary v4(byte[] p) {
        need(p, 20, "IPv4 header");
        int ihl = (p[0] & 0x0f) * 4;
        if (ihl < 20) {
            throw new IllegalArgumentException("payload: IPv4 header length " + ihl + " is below 20");
        }
        int total = u16(p, 2);
        int proto = p[9] & 0xff;
        boolean laterFragment = (u16(p, 6) & 0x1fff) != 0;
        IpAddress src = IpAddress.of(Arrays.copyOfRange(p, 12, 16));
        IpAddress dst = IpAddress.of(Arrays.copyOfRange(p, 16, 20));
        return withPorts(p, src, dst, proto, laterFragment ? -1 : ihl, total);
    }

    private static PacketSummary v6(byte[] p) {
        need(p, 40, "IPv6 header");
        int total = 40 + u16(p, 4);
        IpAddress src = IpAddress.of(Arrays.copyOfRange(p, 8, 24));
        IpAddress dst = IpAddress.of(Arrays.copyOfRange(p, 24, 40));
        int next = p[6] & 0xff;
        int off = 40;
        while (off + 8 <= p.length) {
            if (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                int len = ((p[off + 1] & 0xff) + 1) * 8;
                next = p[off] & 0xff;
                off += len;
            } else if (next == 44) { // fragment
                boolean first = (u16(p, off + 2) & 0xfff8) == 0;
                next = p[off] & 0xff;
                off = first ? off + 8 : -1;
                if (off < 0) {
                    break;
                }
            } else {
                break;
            }
        }
        return withPorts(p, src, dst, next, off, total);
    }

    /** Ports at {@code l4} for TCP, UDP and SCTP when the bytes are there; {@code l4} −1: not this fragment. */
    private static PacketSummary withPorts(byte[] p, IpAddress src, IpAddress dst, int proto, int l4, int total) {
        boolean ported = proto == TCP || proto == UDP || proto == SCTP;
        if (ported && l4 >= 0 && l4 + 4 <= p.length) {
            return new PacketSummary(src, dst, proto, u16(p, l4), u16(p, l4 + 2), total);
        }
        return new PacketSummary(src, dst, proto, 0, 0, total);
    }

    /** TCP, UDP, SCTP, ICMP, ICMPv6, or the number. */
    public String protocolName() {
        return switch (protocol) {
            case TCP -> "TCP";
            case UDP -> "UDP";
            case SCTP -> "SCTP";
            case ICMP -> "ICMP";
            case ICMPV6 -> "ICMPv6";
            default -> Integer.toString(protocol);
        };
    }

    private static void need(byte[] p, int n, String what) {
        if (p.length < n) {
            throw new IllegalArgumentException("payload: " + p.length + " bytes, too short for the " + what);
        }
    }

    private static int u16(byte[] p, int off) {
        return (p[off] & 0xff) << 8 | (p[off + 1] & 0xff);
    }
}
