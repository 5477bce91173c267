package dev.weft.node.backend.bgp;

import dev.weft.bgp.bird.BirdConfig;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.cluster.SubnetLease;
import dev.weft.net.Cidr;
import dev.weft.netlink.route.RouteSpec;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which peer subnets this node can reach now: those with a kernel route that weft's BIRD installed
 * (main table, metric {@value BirdConfig#ROUTE_METRIC}), whichever session it came from (a peer node
 * directly, a route reflector, the top-of-rack router). Pure, so the reasons are tested without root.
 */
public record LearnedRoutes(Set<Cidr> subnets) {
    public LearnedRoutes {
        subnets = Set.copyOf(subnets);
    }

    /** The routes BIRD installed among {@code routes} (the main table's, as netlink lists them). */
    public static LearnedRoutes of(List<RouteSpec> routes) {
        return new LearnedRoutes(routes.stream()
                .filter(r -> r.effectiveTable() == dev.weft.netlink.route.RouteCodec.MAIN)
                .filter(r -> r.priority() == BirdConfig.ROUTE_METRIC && !r.blackhole())
                .map(RouteSpec::dst).collect(Collectors.toSet()));
    }

    public boolean reaches(SubnetLease peer) {
        return subnets.contains(peer.subnet());
    }

    /**
     * Why {@code peer} is not reached yet: the state of this node's session with it when there is
     * one (mesh, reflectors), else the sessions it could learn it from.
     */
    public static String whyNot(SubnetLease peer, Optional<BgpStatus> status) {
        String head = "bgp: no route to " + peer.subnet() + " of " + peer.node() + " learned yet";
        if (status.isEmpty()) {
            return head;
        }
        BgpStatus s = status.get();
        if (!s.running()) {
            return head + " (BIRD is not running" + s.problem().map(p -> ": " + p).orElse("") + ")";
        }
        Optional<SessionStatus> direct = s.sessions().stream()
                .filter(x -> x.kind().equals("node") && x.name().equals(peer.node())).findFirst();
        if (direct.isPresent()) {
            return head + " (session with " + peer.node() + ": " + describe(direct.get()) + ")";
        }
        if (s.sessions().isEmpty()) {
            return head + " (this node has no BGP session: mesh off and no peer configured?)";
        }
        return head + " (sessions: " + s.sessions().stream().map(x -> x.kind() + " " + x.name() + " " + describe(x))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String describe(SessionStatus s) {
        return s.state().label() + (s.info().isBlank() ? "" : " " + s.info());
    }
}
