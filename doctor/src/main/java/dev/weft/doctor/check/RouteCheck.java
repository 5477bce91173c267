package dev.weft.doctor.check;

import dev.weft.cluster.SubnetLease;
import dev.weft.doctor.finding.Finding;
import dev.weft.net.Cidr;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.route.RouteSpec;

import java.util.List;

/**
 * A route to every other node's subnet is in the main table (every backend but the underlay, which
 * routes nothing per peer, and udp, which routes the whole network through its TUN).
 */
public final class RouteCheck {
    private RouteCheck() {
    }

    public static Finding interpret(String node, String backend, Cidr network, List<SubnetLease> leases,
                                    List<RouteSpec> routes, String restart) {
        if (backend.equals("macvlan")) {
            return Finding.info("routes.peers", "the underlay needs no route per peer");
        }
        List<RouteSpec> main = routes.stream().filter(r -> r.effectiveTable() == RouteCodec.MAIN && r.dst() != null).toList();
        if (backend.equals("udp")) {
            return main.stream().anyMatch(r -> r.dst().equals(network))
                    ? Finding.ok("routes.peers", "the pod network " + network + " is routed to the udp device")
                    : Finding.fail("routes.peers", "no route for the pod network " + network, "restart the agent (" + restart + ")");
        }
        List<SubnetLease> others = leases.stream().filter(l -> !l.node().equals(node)).toList();
        if (others.isEmpty()) {
            return Finding.info("routes.peers", "no other node holds a lease");
        }
        List<String> missing = others.stream().filter(l -> main.stream().noneMatch(r -> r.dst().equals(l.subnet())))
                .map(l -> l.node() + "'s " + l.subnet()).toList();
        if (!missing.isEmpty()) {
            return Finding.fail("routes.peers", "no route to " + String.join(", ", missing),
                    "the agent puts them back within a round: restart it if it is down (" + restart + ")"
                            + (backend.equals("host-gw") ? "; a peer host-gw refused has no route by design" : ""));
        }
        return Finding.ok("routes.peers", "routes to all " + others.size() + " peer subnets");
    }
}
