package dev.weft.node.backend.bgp;

import dev.weft.bgp.bird.BirdConfig;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.policy.compile.FastPathRoutes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fast path's view of this node's kernel, read on the caller's thread through a netlink socket
 * of its own: the other nodes' subnets as weft's BIRD installed them (metric
 * {@value BirdConfig#ROUTE_METRIC}, one gateway; a multipath route is left to the kernel) and
 * every veth's index, by name, except veths with a qdisc of their own: weft-bandwidth's TBF (the
 * pod's ingress limit) and its ingress qdisc (the egress limit, through an IFB) act on the veth's
 * transmit and tc's ingress hook, both of which the eBPF fast path skips, so such a pod keeps the
 * kernel's path.
 */
final class KernelFastPathRoutes implements Supplier<FastPathRoutes> {
    private final Cidr network;

    KernelFastPathRoutes(Cidr network) {
        this.network = network;
    }

    @Override
    public FastPathRoutes get() {
        try (Netlink nl = Netlink.open()) {
            List<LinkInfo> links = nl.links().list();
            java.util.Set<Integer> shaped = new java.util.HashSet<>();
            for (dev.weft.netlink.tc.Qdisc q : nl.tc().qdiscs()) {
                if (!"noqueue".equals(q.kind().kind())) {
                    shaped.add(q.ifindex());
                }
            }
            Map<Integer, String> names = new HashMap<>();
            Map<InterfaceName, Integer> veths = new HashMap<>();
            for (LinkInfo l : links) {
                names.put(l.index(), l.name());
                if ("veth".equals(l.kind()) && !shaped.contains(l.index())) {
                    veths.put(InterfaceName.of(l.name()), l.index());
                }
            }
            List<FastPathRoutes.Remote> remote = nl.routes().list().stream()
                    .filter(r -> r.priority() == BirdConfig.ROUTE_METRIC && !r.blackhole() && r.gateway() != null
                            && r.nexthops().isEmpty() && r.oif() > 0 && names.containsKey(r.oif()))
                    .map(r -> remote(r, names.get(r.oif()))).toList();
            return new FastPathRoutes(network, remote, veths);
        }
    }

    private static FastPathRoutes.Remote remote(RouteSpec r, String device) {
        return new FastPathRoutes.Remote(r.dst(), r.gateway(), InterfaceName.of(device), r.oif());
    }
}
