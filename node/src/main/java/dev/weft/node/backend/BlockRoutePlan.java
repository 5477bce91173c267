package dev.weft.node.backend;

import dev.weft.ipam.cluster.PeerRoutes;
import dev.weft.net.Cidr;
import dev.weft.netlink.route.RouteSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The kernel routes of one node's share of a weft-ipam pool, and the difference to what is
 * installed; pure. {@link PeerRoutes} says where each destination lives; here each peer's
 * destinations get the backend's next hop to that peer ({@link NextHop}), and what lives on this
 * node goes on-link to the pods' bridge. Routes compare by destination and table: one route per
 * destination, so moving a borrowed address between the bridge and a peer is one replace.
 */
public record BlockRoutePlan(List<RouteSpec> routes, List<String> unrouted) {
    /** How this node reaches {@code peer} for {@code dst}; empty when it cannot (peer not connected, or refused). */
    @FunctionalInterface
    public interface NextHop {
        Optional<RouteSpec> route(String peer, Cidr dst);
    }

    /** What to change: routes to add or replace (missing or different), and routes to delete (installed, not wanted). */
    public record Diff(List<RouteSpec> replace, List<RouteSpec> delete) {
        public Diff {
            replace = List.copyOf(replace);
            delete = List.copyOf(delete);
        }

        public boolean isEmpty() {
            return replace.isEmpty() && delete.isEmpty();
        }
    }

    public BlockRoutePlan {
        routes = List.copyOf(routes);
        unrouted = List.copyOf(unrouted);
    }

    /**
     * The routes of {@code plan}: each peer's destinations through {@code nextHop} (peers it has no
     * next hop for are listed in {@link #unrouted}), then this node's own blocks and borrowed
     * addresses on-link to the bridge {@code bridgeIndex} (0: no bridge yet, so no pod lives here
     * and nothing is routed locally).
     */
    public static BlockRoutePlan of(PeerRoutes plan, NextHop nextHop, int bridgeIndex) {
        List<RouteSpec> out = new ArrayList<>();
        TreeSet<String> unrouted = new TreeSet<>();
        plan.viaPeer().forEach((peer, dsts) -> {
            for (Cidr dst : dsts) {
                nextHop.route(peer, dst).ifPresentOrElse(out::add, () -> unrouted.add(peer));
            }
        });
        if (bridgeIndex > 0) {
            for (Cidr dst : plan.onBridge()) {
                out.add(RouteSpec.onLink(dst, bridgeIndex));
            }
        }
        return new BlockRoutePlan(out, List.copyOf(unrouted));
    }

    /**
     * What turns {@code present} (the routes installed with this agent's protocol) into
     * {@code wanted}: a wanted route is left alone when an installed one has its destination,
     * table, gateway, device and onlink flag; every other installed route goes.
     */
    public static Diff diff(List<RouteSpec> wanted, List<RouteSpec> present) {
        Map<String, RouteSpec> want = new LinkedHashMap<>();
        wanted.forEach(r -> want.put(key(r), r));
        List<RouteSpec> replace = new ArrayList<>();
        List<RouteSpec> delete = new ArrayList<>();
        java.util.Set<String> satisfied = new java.util.HashSet<>();
        for (RouteSpec p : present) {
            RouteSpec w = want.get(key(p));
            if (w != null && same(w, p) && satisfied.add(key(p))) {
                continue;
            }
            if (w == null || satisfied.contains(key(p)) || w.priority() != p.priority()) {
                delete.add(p); // not wanted, a second route to a satisfied destination, or out of a replace's reach
            }
            // else: differs from the wanted one, which replaces it in place below (same destination, table, metric)
            // a later round deletes any second route left then
        }
        for (RouteSpec w : want.values()) {
            if (!satisfied.contains(key(w))) {
                replace.add(w);
            }
        }
        return new Diff(replace, delete);
    }

    private static String key(RouteSpec r) {
        return r.dst() + "@" + r.effectiveTable();
    }

    private static boolean same(RouteSpec w, RouteSpec p) {
        return Objects.equals(w.gateway(), p.gateway()) && w.oif() == p.oif() && w.onlink() == p.onlink()
                && w.priority() == p.priority();
    }
}
