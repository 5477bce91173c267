package dev.weft.netlink.conntrack;

import dev.weft.net.IpAddress;

import java.util.Objects;

/**
 * Which entries to find or delete: those of {@code family} whose original direction has
 * {@code protocol} and destination port {@code dstPort}, and, when {@code dst} is not null, that
 * destination address — e.g. every UDP flow sent to a host port before it was mapped to a pod.
 */
public record ConntrackFilter(IpFamily family, int protocol, int dstPort, IpAddress dst) {
    public ConntrackFilter {
        Objects.requireNonNull(family, "family");
        if (protocol < 1 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is not in 1..255");
        }
        ConntrackTuple.checkPort("dstPort", dstPort);
        if (dst != null && IpFamily.of(dst) != family) {
            throw new IllegalArgumentException("dst " + dst + " is not an " + family + " address");
        }
    }

    /** Flows of {@code protocol} to port {@code dstPort}, any address, in {@code family}. */
    public static ConntrackFilter toPort(IpFamily family, int protocol, int dstPort) {
        return new ConntrackFilter(family, protocol, dstPort, null);
    }

    /** The same filter narrowed to destination {@code address} (its family). */
    public static ConntrackFilter toAddressAndPort(IpAddress address, int protocol, int dstPort) {
        return new ConntrackFilter(IpFamily.of(address), protocol, dstPort, address);
    }

    /** Whether {@code e} is one of the entries this filter selects. */
    public boolean matches(ConntrackEntry e) {
        ConntrackTuple o = e.original();
        return e.family() == family && o.protocol() == protocol && o.dstPort() == dstPort
                && (dst == null || dst.equals(o.dst()));
    }
}
