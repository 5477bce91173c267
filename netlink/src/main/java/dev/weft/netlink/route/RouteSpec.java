package dev.weft.netlink.route;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.List;

/**
 * A route. {@code gateway} null is on-link (scope link when {@code scope} is unset); {@code oif}
 * 0 lets the kernel pick; {@code table} 0 is main; {@code type} is unicast unless blackhole; with
 * {@code nexthops} it is a multipath (ECMP) route and gateway/oif are ignored.
 */
public record RouteSpec(Cidr dst, IpAddress gateway, int oif, int table, int priority, Integer scope, boolean onlink,
                        boolean blackhole, int mtu, int advmss, List<Nexthop> nexthops) {
    /** RT_SCOPE_UNIVERSE: reachable through a gateway. */
    public static final int SCOPE_UNIVERSE = 0;
    /** RT_SCOPE_LINK: directly on the link. */
    public static final int SCOPE_LINK = 253;
    /** RT_SCOPE_HOST: this host. */
    public static final int SCOPE_HOST = 254;

    public RouteSpec {
        java.util.Objects.requireNonNull(dst, "dst");
        nexthops = nexthops == null ? List.of() : List.copyOf(nexthops);
        if (gateway != null && gateway.isV4() != dst.isV4()) {
            throw new IllegalArgumentException("gateway " + gateway + " is not of the family of " + dst);
        }
        if (table < 0 || priority < 0 || mtu < 0 || advmss < 0) {
            throw new IllegalArgumentException("negative table, priority or metric in route to " + dst);
        }
    }

    /** One path of a multipath route; {@code weight} 1..256. */
    public record Nexthop(IpAddress gateway, int oif, int weight) {
        public Nexthop {
            if (weight < 1 || weight > 256) {
                throw new IllegalArgumentException("nexthop weight " + weight + " is not in 1..256");
            }
        }
    }

    /** The same route with an explicit scope ({@link #SCOPE_LINK} etc.). */
    public RouteSpec withScope(int s) {
        return new RouteSpec(dst, gateway, oif, table, priority, s, onlink, blackhole, mtu, advmss, nexthops);
    }

    /** The table it lives in, main for 0. */
    public int effectiveTable() {
        return table == 0 ? RouteCodec.MAIN : table;
    }

    /** Through {@code gateway} on link {@code oif} (0: the kernel picks), main table. */
    public static RouteSpec via(Cidr dst, IpAddress gateway, int oif) {
        return new RouteSpec(dst, gateway, oif, 0, 0, null, false, false, 0, 0, List.of());
    }

    /** Directly on link {@code oif} (scope link), main table. */
    public static RouteSpec onLink(Cidr dst, int oif) {
        return new RouteSpec(dst, null, oif, 0, 0, null, false, false, 0, 0, List.of());
    }

    /** The same route in table {@code t} (any 32-bit table; above 255 via RTA_TABLE). */
    public RouteSpec inTable(int t) {
        return new RouteSpec(dst, gateway, oif, t, priority, scope, onlink, blackhole, mtu, advmss, nexthops);
    }

    /** The same route with metric (priority) {@code p}. */
    public RouteSpec withPriority(int p) {
        return new RouteSpec(dst, gateway, oif, table, p, scope, onlink, blackhole, mtu, advmss, nexthops);
    }

    /** The same route with {@code onlink}: the gateway need not be on a connected prefix. */
    public RouteSpec withOnlink() {
        return new RouteSpec(dst, gateway, oif, table, priority, scope, true, blackhole, mtu, advmss, nexthops);
    }

    /** The same route with {@code mtu} and {@code advmss} metrics (0: unset), sent in RTA_METRICS. */
    public RouteSpec withMetrics(int newMtu, int newAdvmss) {
        return new RouteSpec(dst, gateway, oif, table, priority, scope, onlink, blackhole, newMtu, newAdvmss, nexthops);
    }

    /** A blackhole route (silently drops). */
    public static RouteSpec blackhole(Cidr dst) {
        return new RouteSpec(dst, null, 0, 0, 0, null, false, true, 0, 0, List.of());
    }

    /** An ECMP route over {@code hops} (RTA_MULTIPATH). */
    public static RouteSpec multipath(Cidr dst, List<Nexthop> hops) {
        return new RouteSpec(dst, null, 0, 0, 0, null, false, false, 0, 0, hops);
    }
}
