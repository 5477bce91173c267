package dev.weft.bgp.bird;

import dev.weft.bgp.BgpPeer;
import dev.weft.net.Cidr;

import java.util.List;

/**
 * The route filters of a node's configuration. Out: this node's subnet, and nothing else (a route
 * reflector also passes on the node subnets it learned over iBGP; BIRD's own iBGP rules decide to
 * whom). In: node subnets, i.e. prefixes inside the cluster network no shorter than a node subnet,
 * except this node's own; a default route or the cluster network as a whole is never among them.
 * An explicit peer with {@code accept} prefixes gets a filter of its own that also takes exactly those.
 */
final class Filters {
    private Filters() {
    }

    static void write(StringBuilder b, BirdInput in, List<SessionPlan.Planned> plan) {
        Cidr own = in.self().subnet();
        String nodeSubnets = "[ " + in.clusterNetwork() + "{" + in.subnetLength() + ",32} ]";
        b.append("# Out: this node's subnet only.\nfilter ").append(SessionPlan.EXPORT).append(" {\n  if source = RTS_STATIC && net = ")
                .append(own).append(" then accept;\n  reject;\n}\n\n");
        if (in.settings().config().isReflector(in.self().name())) {
            b.append("# Out from a route reflector: this node's subnet and the node subnets it reflects.\nfilter ")
                    .append(SessionPlan.EXPORT_REFLECTOR).append(" {\n  if source = RTS_STATIC && net = ").append(own)
                    .append(" then accept;\n  if source = RTS_BGP && net ~ ").append(nodeSubnets)
                    .append(" then accept;\n  reject;\n}\n\n");
        }
        b.append("# In: node subnets of the cluster network, never this node's own (nor a default route).\nfilter ")
                .append(SessionPlan.IMPORT).append(" {\n");
        importRules(b, own, nodeSubnets);
        b.append("  reject;\n}\n\n");
        for (SessionPlan.Planned p : plan) {
            BgpPeer peer = p.peer();
            if (peer == null || peer.accept().isEmpty()) {
                continue;
            }
            b.append("# In from peer ").append(peer.name()).append(": node subnets, and exactly what it is configured to give.\n")
                    .append("filter ").append(p.importFilter()).append(" {\n");
            importRules(b, own, nodeSubnets);
            b.append("  if net ~ [ ");
            for (int i = 0; i < peer.accept().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(peer.accept().get(i));
            }
            b.append(" ] then accept;\n  reject;\n}\n\n");
        }
    }

    private static void importRules(StringBuilder b, Cidr own, String nodeSubnets) {
        b.append("  if net = ").append(own).append(" then reject;\n  if net ~ ").append(nodeSubnets)
                .append(" then accept;\n");
    }
}
