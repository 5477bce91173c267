package dev.weft.bgp.bird;

import dev.weft.bgp.BgpPeer;
import dev.weft.net.Cidr;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The route filters of a node's configuration. Out: this node's subnet, and nothing else (a route
 * reflector also passes on the node subnets it learned over iBGP; BIRD's own iBGP rules decide to
 * whom). In: the subnets the cluster's other nodes hold now (their leases) and prefixes inside them,
 * never this node's own; a default route, the cluster network as a whole or a subnet nobody holds
 * is never among them. So a node removed from the cluster is refused by every node at its next
 * {@code ensure}, whoever still announces it: a router keeping it as stale under graceful restart
 * after the node died without a word (up to 120 s), or the node itself. An explicit peer with
 * {@code accept} prefixes gets a filter of its own that also takes exactly those.
 *
 * <p>With a pool ({@link BirdPool}): out also this node's blocks and borrowed addresses (the routes
 * of its static protocol {@value BirdConfig#BLOCKS}; a reflector also passes on pool prefixes); in,
 * never this node's own blocks or borrowed addresses, and from nodes any prefix of the pool from a
 * block to a host (so a claim elsewhere changes no filter), from explicit peers only what the other
 * nodes hold now (their blocks and anything inside, their borrowed host prefixes).
 */
final class Filters {
    private Filters() {
    }

    static void write(StringBuilder b, BirdInput in, List<SessionPlan.Planned> plan) {
        Cidr own = in.self().subnet();
        Optional<BirdPool> pool = in.pool();
        String nodeSubnets = "[ " + in.clusterNetwork() + "{" + in.subnetLength() + ",32} ]";
        String blocksOut = pool.isEmpty() ? "" : "  if proto = \"" + BirdConfig.BLOCKS + "\" then accept;\n";
        b.append(pool.isEmpty() ? "# Out: this node's subnet only.\n" : "# Out: this node's subnet, its blocks and borrowed addresses.\n")
                .append("filter ").append(SessionPlan.EXPORT).append(" {\n  if source = RTS_STATIC && net = ")
                .append(own).append(" then accept;\n").append(blocksOut).append("  reject;\n}\n\n");
        if (in.settings().config().isReflector(in.self().name())) {
            b.append("# Out from a route reflector: this node's subnet and the node subnets it reflects.\nfilter ")
                    .append(SessionPlan.EXPORT_REFLECTOR).append(" {\n  if source = RTS_STATIC && net = ").append(own)
                    .append(" then accept;\n").append(blocksOut).append("  if source = RTS_BGP && net ~ ").append(nodeSubnets)
                    .append(" then accept;\n");
            pool.ifPresent(p -> b.append("  if source = RTS_BGP && net ~ [ ").append(p.importable()).append(" ] then accept;\n"));
            b.append("  reject;\n}\n\n");
        }
        if (in.nodeRange().isPresent()) {
            b.append("# In from nodes: any node subnet but this node's own. A join changes no filter; a node that\n")
                    .append("# leaves goes with its session (removed from this file, or its dynamic session disabled).\nfilter ")
                    .append(SessionPlan.IMPORT_NODES).append(" {\n  if net = ").append(own)
                    .append(" then reject;\n  if net ~ ").append(nodeSubnets).append(" then accept;\n");
            pool.ifPresent(p -> {
                rejectOwn(b, p);
                b.append("  if net ~ [ ").append(p.importable()).append(" ] then accept;\n");
            });
            b.append("  reject;\n}\n\n");
        }
        String held = held(in);
        // Only when a session uses it: it lists every node, so with it a join would change this file.
        if (in.nodeRange().isEmpty() || plan.stream().anyMatch(p -> p.importFilter().equals(SessionPlan.IMPORT))) {
            b.append("# In: the subnets the other nodes hold, never this node's own (nor a default route).\nfilter ")
                    .append(SessionPlan.IMPORT).append(" {\n");
            importRules(b, own, held, pool);
            b.append("  reject;\n}\n\n");
        }
        for (SessionPlan.Planned p : plan) {
            BgpPeer peer = p.peer();
            if (peer == null || peer.accept().isEmpty()) {
                continue;
            }
            b.append("# In from peer ").append(peer.name()).append(": node subnets, and exactly what it is configured to give.\n")
                    .append("filter ").append(p.importFilter()).append(" {\n");
            importRules(b, own, held, pool);
            b.append("  if net ~ [ ");
            for (int i = 0; i < peer.accept().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(peer.accept().get(i));
            }
            b.append(" ] then accept;\n  reject;\n}\n\n");
        }
    }

    /** The other nodes' subnets and anything inside them, as a BIRD prefix set; empty when alone. */
    private static String held(BirdInput in) {
        return in.others().stream().map(dev.weft.bgp.BgpNode::subnet).sorted().map(c -> c + "+")
                .collect(Collectors.joining(", "));
    }

    private static void importRules(StringBuilder b, Cidr own, String held, Optional<BirdPool> pool) {
        b.append("  if net = ").append(own).append(" then reject;\n");
        if (!held.isEmpty()) {
            b.append("  if net ~ [ ").append(held).append(" ] then accept;\n");
        }
        pool.ifPresent(p -> {
            rejectOwn(b, p);
            if (!p.othersHeld().isEmpty()) {
                b.append("  if net ~ [ ").append(p.othersHeld().stream().map(c -> c + "+").collect(Collectors.joining(", ")))
                        .append(" ] then accept;\n");
            }
        });
    }

    /** This node's own blocks and borrowed addresses, exactly: what lives here is never learned from a peer. */
    private static void rejectOwn(StringBuilder b, BirdPool p) {
        if (!p.originated().isEmpty()) {
            b.append("  if net ~ [ ").append(p.originated().stream().map(Cidr::toString).collect(Collectors.joining(", ")))
                    .append(" ] then reject;\n");
        }
    }
}
