package dev.weft.netlink.conntrack;

import dev.weft.net.IpAddress;

import java.util.Objects;

/**
 * One direction of a tracked flow: source and destination address, the IP protocol number and,
 * for protocols with ports (TCP, UDP, SCTP, DCCP, UDP-Lite), the ports; 0 where there are none
 * (ICMP's identifiers are not modelled).
 */
public record ConntrackTuple(IpAddress src, IpAddress dst, int protocol, int srcPort, int dstPort) {
    /** IPPROTO_TCP. */
    public static final int TCP = 6;
    /** IPPROTO_UDP. */
    public static final int UDP = 17;
    /** IPPROTO_SCTP. */
    public static final int SCTP = 132;

    public ConntrackTuple {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (src.isV4() != dst.isV4()) {
            throw new IllegalArgumentException("src " + src + " and dst " + dst + " are of different families");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is not in 0..255");
        }
        checkPort("srcPort", srcPort);
        checkPort("dstPort", dstPort);
    }

    static void checkPort(String field, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(field + " " + port + " is not in 0..65535");
        }
    }

    /** The tuple's address family. */
    public IpFamily family() {
        return IpFamily.of(src);
    }

    @Override
    public String toString() {
        return protocol + " " + src + ":" + srcPort + " -> " + dst + ":" + dstPort;
    }
}
