package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What routing and announcement code needs from IPAM (Calico #3246: a borrowed address behind
 * another node's block route is unreachable unless someone announces it): each node's blocks, to
 * announce as aggregates, and every borrowed address — one in a block held by another node or by
 * none — with the node it lives on, to announce as a host route from that node, and which the
 * block's holder must route to the borrower instead of blackholing. Watch {@link IpamKeys#BLOCKS}
 * to know when to read it again.
 */
public record RoutingView(Map<String, List<Cidr>> blocksByNode, List<Borrowed> borrowed, List<Cidr> unheldBlocks) {
    /** An address living on {@code node} inside {@code block}, which is held by {@code blockNode} (or nobody). */
    public record Borrowed(IpAddress ip, String node, Cidr block, Optional<String> blockNode) {
    }

    public RoutingView {
        blocksByNode = java.util.Collections.unmodifiableMap(new TreeMap<>(blocksByNode));
        borrowed = List.copyOf(borrowed);
        unheldBlocks = List.copyOf(unheldBlocks);
    }

    public static RoutingView of(List<Versioned<Block>> blocks) {
        Map<String, List<Cidr>> byNode = new TreeMap<>();
        List<Borrowed> borrowed = new ArrayList<>();
        List<Cidr> unheld = new ArrayList<>();
        for (Versioned<Block> vb : blocks) {
            Block b = vb.value();
            b.affinity().ifPresentOrElse(n -> byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(b.cidr()),
                    () -> unheld.add(b.cidr()));
            b.borrowed().forEach((o, s) -> borrowed.add(new Borrowed(b.address(o), s.node(), b.cidr(), b.affinity())));
        }
        return new RoutingView(byNode, borrowed, unheld);
    }

    /** The view of one pool's blocks, read from {@code store} (one range read of {@link IpamKeys#blocksOf}). */
    public static RoutingView read(dev.weft.store.Datastore store, String pool) {
        Names.pool("pool", pool);
        return of(store.list(IpamKeys.blocksOf(pool)).stream()
                .map(e -> new Versioned<>(IpamJson.block(e.key(), e.value()), e.modRevision())).toList());
    }

    /** The blocks {@code node} holds. */
    public List<Cidr> blocksOf(String node) {
        return blocksByNode.getOrDefault(node, List.of());
    }

    /** Addresses living on {@code node} outside its own blocks: it announces each as a host route. */
    public List<IpAddress> borrowedBy(String node) {
        return borrowed.stream().filter(b -> b.node().equals(node)).map(Borrowed::ip).toList();
    }

    /** Addresses inside {@code node}'s blocks living elsewhere: it must not blackhole them. */
    public List<Borrowed> lentBy(String node) {
        return borrowed.stream().filter(b -> b.blockNode().filter(node::equals).isPresent()).toList();
    }
}
