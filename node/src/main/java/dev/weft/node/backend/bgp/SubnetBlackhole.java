package dev.weft.node.backend.bgp;

import dev.weft.net.Cidr;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.node.backend.BlockRoutes;

import java.util.List;
import java.util.Optional;

/**
 * With routed pods the node subnet has no bridge, so no connected route: each pod is a host route
 * to its veth. What no pod holds would follow the default route back to the router that sent it
 * here, and loop until its TTL runs out. A blackhole for the whole subnet (as Calico installs for
 * its blocks) ends it here; the pods' host routes are longer and win, and its metric
 * ({@value #METRIC}) lets any other route to the same prefix win too (a Docker network's bridge on
 * the node subnet, say). The route carries weft's protocol ({@value BlockRoutes#PROTOCOL}); only
 * weft's own blackholes are ever changed, and BlockRoutes, the other user of that protocol, runs
 * only with a pool, where pods are bridged.
 */
final class SubnetBlackhole {
    static final int METRIC = 10000;
    private final Netlink nl;

    SubnetBlackhole(Netlink nl) {
        this.nl = nl;
    }

    /** Makes {@code subnet} (empty: none) the only weft blackhole in the kernel. */
    void ensure(Optional<Cidr> subnet) {
        Optional<RouteSpec> wanted = subnet.map(s -> RouteSpec.blackhole(s).withPriority(METRIC));
        List<RouteSpec> mine = nl.routes().listByProtocol(BlockRoutes.PROTOCOL).stream().filter(RouteSpec::blackhole).toList();
        for (RouteSpec r : mine) {
            if (wanted.isEmpty() || !same(r, wanted.get())) {
                nl.routes().deleteIfExists(r);
            }
        }
        if (wanted.isPresent() && mine.stream().noneMatch(r -> same(r, wanted.get()))) {
            nl.routes().replace(wanted.get(), BlockRoutes.PROTOCOL);
        }
    }

    private static boolean same(RouteSpec a, RouteSpec b) {
        return a.dst().equals(b.dst()) && a.priority() == b.priority() && a.effectiveTable() == b.effectiveTable();
    }
}
