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
    public RouteSpec {
        nexthops = nexthops == null ? List.of() : List.copyOf(nexthops);
    }

    /** One path of a multipath route. */
    public record Nexthop(IpAddress gateway, int oif, int weight) {
    }

    public static RouteSpec via(Cidr dst, IpAddress gateway, int oif) {
        return new RouteSpec(dst, gateway, oif, 0, 0, null, false, false, 0, 0, List.of());
    }

    public static RouteSpec onLink(Cidr dst, int oif) {
        return new RouteSpec(dst, null, oif, 0, 0, null, false, false, 0, 0, List.of());
    }

    public RouteSpec inTable(int t) {
        return new RouteSpec(dst, gateway, oif, t, priority, scope, onlink, blackhole, mtu, advmss, nexthops);
    }

    public RouteSpec withPriority(int p) {
        return new RouteSpec(dst, gateway, oif, table, p, scope, onlink, blackhole, mtu, advmss, nexthops);
    }

    public RouteSpec withOnlink() {
        return new RouteSpec(dst, gateway, oif, table, priority, scope, true, blackhole, mtu, advmss, nexthops);
    }

    public RouteSpec withMetrics(int newMtu, int newAdvmss) {
        return new RouteSpec(dst, gateway, oif, table, priority, scope, onlink, blackhole, newMtu, newAdvmss, nexthops);
    }

    public static RouteSpec blackhole(Cidr dst) {
        return new RouteSpec(dst, null, 0, 0, 0, null, false, true, 0, 0, List.of());
    }

    public static RouteSpec multipath(Cidr dst, List<Nexthop> hops) {
        return new RouteSpec(dst, null, 0, 0, 0, null, false, false, 0, 0, hops);
    }
}
