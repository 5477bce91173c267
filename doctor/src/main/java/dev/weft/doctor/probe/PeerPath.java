package dev.weft.doctor.probe;

import dev.weft.net.IpAddress;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.route.RouteSpec;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How this node reaches one other node's underlay address, decided from the main routing table
 * and the neighbour table alone (pure): {@link Kind#ON_LINK} when the longest matching route has
 * no gateway and the neighbour entry resolves, {@link Kind#ROUTED} when that route goes through a
 * gateway (a router sits between), {@link Kind#UNRESOLVED} when the peer is on-link by the routes
 * but its neighbour entry does not resolve (ARP fails), {@link Kind#NO_ROUTE} when nothing matches.
 */
public record PeerPath(String node, IpAddress address, Kind kind, Optional<IpAddress> gateway) {
    public enum Kind { ON_LINK, ROUTED, UNRESOLVED, NO_ROUTE }

    private static final int NUD_INCOMPLETE = 0x01;
    private static final int NUD_FAILED = 0x20;

    public static PeerPath classify(String node, IpAddress peer, List<RouteSpec> routes, List<Neighbour> neighbours) {
        Optional<RouteSpec> best = routes.stream()
                .filter(r -> r.effectiveTable() == RouteCodec.MAIN && !r.blackhole() && r.dst() != null)
                .filter(r -> r.dst().isV4() == peer.isV4() && r.dst().contains(peer))
                .max(Comparator.comparingInt((RouteSpec r) -> r.dst().prefixLength()).thenComparing(r -> -r.priority()));
        if (best.isEmpty()) {
            return new PeerPath(node, peer, Kind.NO_ROUTE, Optional.empty());
        }
        RouteSpec r = best.get();
        Optional<IpAddress> gw = gateway(r);
        if (gw.isPresent()) {
            return new PeerPath(node, peer, Kind.ROUTED, gw);
        }
        boolean resolved = neighbours.stream().anyMatch(n -> n.kind() == Neighbour.Kind.NEIGHBOUR
                && peer.equals(n.ip()) && n.mac() != null && (n.state() & (NUD_INCOMPLETE | NUD_FAILED)) == 0 && n.state() != 0);
        return new PeerPath(node, peer, resolved ? Kind.ON_LINK : Kind.UNRESOLVED, Optional.empty());
    }

    private static Optional<IpAddress> gateway(RouteSpec r) {
        if (r.gateway() != null) {
            return Optional.of(r.gateway());
        }
        return r.nexthops().stream().map(RouteSpec.Nexthop::gateway).filter(java.util.Objects::nonNull).findFirst();
    }

    /** {@code n2 172.30.1.12 via router 172.30.0.1}. */
    public String text() {
        return node + " " + address + switch (kind) {
            case ON_LINK -> " on-link";
            case ROUTED -> " via router " + gateway.orElseThrow();
            case UNRESOLVED -> " on-link by the routes, but its neighbour entry does not resolve (no ARP answer)";
            case NO_ROUTE -> " has no route at all";
        };
    }
}
