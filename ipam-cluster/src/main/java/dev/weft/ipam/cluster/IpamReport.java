package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** {@code weft ipam show} and {@code weft ipam check}: pure functions over a snapshot. */
public final class IpamReport {
    private IpamReport() {
    }

    /**
     * A pool's use: allocatable addresses, those held by attachments, the breakdown by block and by
     * node, and those reserved by nodes ahead of need (no pod yet: not in use, not a leak).
     */
    public record PoolUsage(String pool, Cidr cidr, BigInteger capacity, long used, List<BlockUsage> blocks,
                            List<NodeUsage> nodes, long reserved) {
    }

    /** A block's use; {@code borrowed}: its addresses used by other nodes; {@code reserved}: held by its node ahead of need. */
    public record BlockUsage(Cidr block, Optional<String> node, int capacity, int used, int borrowed, int reserved) {
        public BlockUsage(Cidr block, Optional<String> node, int capacity, int used, int borrowed) {
            this(block, node, capacity, used, borrowed, 0);
        }
    }

    /** A node's use of a pool: blocks held, addresses in use in them, addresses it borrowed elsewhere, and its reservations. */
    public record NodeUsage(String node, int blocks, long usedInOwnBlocks, long borrowed, long reserved) {
        public NodeUsage(String node, int blocks, long usedInOwnBlocks, long borrowed) {
            this(node, blocks, usedInOwnBlocks, borrowed, 0);
        }
    }

    /** Utilisation of every pool, or of the one named. */
    public static List<PoolUsage> show(IpamSnapshot snap, Optional<String> pool) {
        List<PoolUsage> out = new ArrayList<>();
        for (Pool p : snap.pools().pools()) {
            if (pool.isPresent() && !pool.get().equals(p.name())) {
                continue;
            }
            List<BlockUsage> blocks = new ArrayList<>();
            Map<String, long[]> nodes = new TreeMap<>(); // blocks, used in own, borrowed, reserved
            long used = 0;
            long reservedInPool = 0;
            for (Versioned<Block> vb : snap.blocks()) {
                Block b = vb.value();
                if (!b.pool().equals(p.name())) {
                    continue;
                }
                int capacity = Block.size(b.cidr()) - p.reserved(b.cidr()).cardinality();
                int borrowed = b.borrowed().size();
                int reserved = (int) b.slots().values().stream().filter(Slot::reserved).count();
                int inUse = b.slots().size() - reserved;
                blocks.add(new BlockUsage(b.cidr(), b.affinity(), capacity, inUse, borrowed, reserved));
                used += inUse;
                reservedInPool += reserved;
                b.affinity().ifPresent(n -> {
                    long[] u = nodes.computeIfAbsent(n, k -> new long[4]);
                    u[0]++;
                    u[1] += inUse - borrowed;
                });
                b.borrowed().values().forEach(s -> nodes.computeIfAbsent(s.node(), k -> new long[4])[2]++);
                b.slots().values().stream().filter(Slot::reserved)
                        .forEach(s -> nodes.computeIfAbsent(s.node(), k -> new long[4])[3]++);
            }
            List<NodeUsage> nodeUsage = new ArrayList<>();
            nodes.forEach((n, u) -> nodeUsage.add(new NodeUsage(n, (int) u[0], u[1], u[2], u[3])));
            out.add(new PoolUsage(p.name(), p.cidr(), p.allocatableCount(), used, blocks, nodeUsage, reservedInPool));
        }
        if (pool.isPresent() && out.isEmpty()) {
            throw new IpamException(IpamError.POOL_NOT_FOUND, "pool", "no IP pool named " + pool.get());
        }
        return out;
    }

    /** A kind of inconsistency {@link #check} finds. */
    public enum Kind {
        /** A block slot its attachment's handle does not name (an ADD under way if young; else a leak GC frees). */
        ALLOCATION_WITHOUT_HANDLE,
        /** A handle entry its block does not hold (a release cut short, or an ADD under way if young; GC removes it). */
        HANDLE_WITHOUT_ALLOCATION,
        /** A block held by a node that is not in the cluster (GC returns it or clears its affinity). */
        BLOCK_OF_MISSING_NODE,
        /** An allocation of a node that is not in the cluster (GC releases it). */
        ALLOCATION_OF_MISSING_NODE,
        /** A block of a pool that no longer exists ({@code pool del --force NAME} removes it). */
        BLOCK_OF_MISSING_POOL,
        /** A record that does not decode (left alone by everything). */
        CORRUPT_RECORD
    }

    /** One finding: what kind, about what (an address, a block, a key), and the details. */
    public record Inconsistency(Kind kind, String subject, String detail) {
    }

    /** Consistency of the snapshot; {@code liveNodes} empty skips the node checks (no authoritative list at hand). */
    public static List<Inconsistency> check(IpamSnapshot snap, Optional<Set<String>> liveNodes, long now) {
        List<Inconsistency> out = new ArrayList<>();
        for (Versioned<Block> vb : snap.blocks()) {
            Block b = vb.value();
            if (snap.pools().find(b.pool()).isEmpty()) {
                out.add(new Inconsistency(Kind.BLOCK_OF_MISSING_POOL, b.cidr().toString(), "block of pool " + b.pool()));
            }
            liveNodes.ifPresent(live -> b.affinity().filter(n -> !live.contains(n)).ifPresent(n -> out.add(
                    new Inconsistency(Kind.BLOCK_OF_MISSING_NODE, b.cidr().toString(), "held by node " + n))));
            b.slots().forEach((o, s) -> {
                String ip = b.address(o).toString();
                if (!snap.committed(b, o, s)) {
                    out.add(new Inconsistency(Kind.ALLOCATION_WITHOUT_HANDLE, ip, s.attachment() + " on " + s.node()
                            + ", seq " + s.seq() + ", allocated " + (now - s.allocatedAt()) / 1000 + " s ago"));
                }
                liveNodes.filter(live -> !live.contains(s.node())).ifPresent(live -> out.add(
                        new Inconsistency(Kind.ALLOCATION_OF_MISSING_NODE, ip, s.attachment() + " on node " + s.node())));
            });
        }
        for (Versioned<Handle> vh : snap.handles().values()) {
            Handle h = vh.value();
            for (HandleAddress a : h.addresses()) {
                boolean held = snap.block(a.pool(), a.block()).flatMap(b -> b.value().slot(a.ip()))
                        .map(s -> s.is(h.attachment(), a.seq())).orElse(false);
                if (!held) {
                    out.add(new Inconsistency(Kind.HANDLE_WITHOUT_ALLOCATION, a.ip().toString(), "handle "
                            + h.attachment() + " names " + a.ip() + " seq " + a.seq() + " in block " + a.block()
                            + ", which does not hold it (written " + (now - a.at()) / 1000 + " s ago)"));
                }
            }
        }
        snap.corrupt().forEach(k -> out.add(new Inconsistency(Kind.CORRUPT_RECORD, k, "does not decode")));
        return out;
    }
}
