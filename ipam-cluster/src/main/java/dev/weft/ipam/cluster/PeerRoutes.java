package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routes one node needs so that pods addressed from weft-ipam blocks behind a bridge (not from
 * the node's subnet lease) are reachable across nodes, computed from a {@link RoutingView}; pure.
 * Longest prefix decides, so the host routes of borrowed addresses win over their blocks' routes:
 * <ul>
 * <li>per peer: each block it holds, via that peer; and a /32 (/128) via that peer for every
 * address it borrowed, from anyone's block — this node's own blocks included;</li>
 * <li>local: a /32 (/128) to the pods' bridge for every address this node borrowed, since a
 * peer's block route would otherwise carry its packets away;</li>
 * <li>own blocks: the blocks this node holds, also to the pods' bridge: with host-prefix pod
 * addressing (weft-bridge {@code hostPrefix}) the bridge holds no pool prefix, so nothing else
 * routes them there. An address of an own block that a peer borrowed has its /32 via that peer.</li>
 * </ul>
 * Blocks held by nobody (their node was removed) get no block route; the addresses still in them
 * are borrowed by definition and get their /32 to whoever holds them, until GC releases them.
 * Applying the plan (host-gw or VXLAN next hops, the bridge device) is the agent's part
 * ({@code dev.weft.node.backend.BlockRoutes}).
 */
public record PeerRoutes(Map<String, List<Cidr>> viaPeer, List<Cidr> ownBlocks, List<Cidr> local) {
    public PeerRoutes {
        Map<String, List<Cidr>> copy = new TreeMap<>();
        Objects.requireNonNull(viaPeer, "viaPeer").forEach((n, cs) -> copy.put(n, List.copyOf(cs)));
        viaPeer = java.util.Collections.unmodifiableMap(copy);
        ownBlocks = List.copyOf(Objects.requireNonNull(ownBlocks, "ownBlocks"));
        local = List.copyOf(Objects.requireNonNull(local, "local"));
    }

    /** The plan of {@code node}. */
    public static PeerRoutes of(RoutingView view, String node) {
        Names.node("node", node);
        Map<String, TreeSet<Cidr>> peers = new TreeMap<>();
        view.blocksByNode().forEach((n, blocks) -> {
            if (!n.equals(node)) {
                peers.computeIfAbsent(n, k -> new TreeSet<>()).addAll(blocks);
            }
        });
        TreeSet<Cidr> local = new TreeSet<>();
        for (RoutingView.Borrowed b : view.borrowed()) {
            Cidr host = Cidr.host(b.ip());
            if (b.node().equals(node)) {
                local.add(host);
            } else {
                peers.computeIfAbsent(b.node(), k -> new TreeSet<>()).add(host);
            }
        }
        Map<String, List<Cidr>> out = new TreeMap<>();
        peers.forEach((n, cs) -> out.put(n, List.copyOf(cs)));
        return new PeerRoutes(out, List.copyOf(new TreeSet<>(view.blocksOf(node))), List.copyOf(local));
    }

    /** What lives on this node's bridge: its own blocks, then the host routes of what it borrowed. */
    public List<Cidr> onBridge() {
        List<Cidr> out = new java.util.ArrayList<>(ownBlocks);
        out.addAll(local);
        return List.copyOf(out);
    }

    /**
     * Only what lives on this node (its blocks and borrowed addresses): for a backend whose routing
     * daemon carries the peers' share (bgp).
     */
    public PeerRoutes localOnly() {
        return new PeerRoutes(Map.of(), ownBlocks, local);
    }

    /** The routes to send to {@code peer} (none for a node that holds nothing and borrowed nothing). */
    public List<Cidr> of(String peer) {
        return viaPeer.getOrDefault(peer, List.of());
    }
}
