package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finding a dynamic address for one request, Calico's order: the node's own blocks (never-used
 * addresses first, then the longest-freed), then a newly claimed block, then (strict affinity
 * off) an address borrowed from another node's block. Runs under the node lock, inside bounded
 * retries: each attempt either places, loses a race (and retries with what it re-read), or finds
 * the pool exhausted for this node.
 */
final class Placement {
    private final Ctx ctx;
    private final AllocationRequest req;
    private final Pool pool;
    private final HandleDraft draft;
    private boolean reloaded;

    /** What a placement needs from {@link ClusterIpam}. */
    record Ctx(IpamStore store, BlockCache cache, BlockWrites writes, Claims claims, PoolCache pools,
               IpamOptions options) {
    }

    Placement(Ctx ctx, AllocationRequest req, Pool pool, HandleDraft draft) {
        this.ctx = ctx;
        this.req = req;
        this.pool = pool;
        this.draft = draft;
    }

    Optional<Placed> attempt() {
        Step s = affine(false);
        if (!s.done() && !s.conflict() && !reloaded) {
            reloaded = true; // another process of this node may have claimed a block meanwhile
            s = affine(true);
        }
        if (!s.done() && !s.conflict()) {
            s = ctx.claims().claim(req, pool, now(), draft);
        }
        if (!s.done() && !s.conflict() && !pool.strictAffinity()) {
            s = borrow();
        }
        if (s.done()) {
            return Optional.of(s.placed());
        }
        if (s.conflict()) {
            return Optional.empty();
        }
        throw new IpamException(IpamError.POOL_EXHAUSTED, "pool", "pool " + pool.name() + " (" + pool.cidr()
                + ") is exhausted for node " + req.node() + ": its blocks are full, no block is free"
                + (pool.strictAffinity() ? " and strict affinity forbids borrowing" : " and no block has a free address"));
    }

    private long now() {
        return ctx.options().clock().millis();
    }

    private Step affine(boolean reload) {
        List<Cidr> mine = new ArrayList<>(ctx.cache().affine(req.node(), pool.name(), reload));
        for (boolean fresh : new boolean[] {true, false}) {
            for (Cidr c : mine) {
                Optional<Versioned<Block>> vb = ctx.cache().get(pool.name(), c);
                if (vb.isEmpty() || vb.get().value().affinity().filter(req.node()::equals).isEmpty()) {
                    continue;
                }
                Block b = vb.get().value();
                BitSet reserved = pool.reserved(c);
                OptionalInt o = fresh ? b.pickFresh(reserved) : b.pickFreed(reserved);
                if (o.isPresent()) {
                    return ctx.writes().allocate(req, pool, b, vb.get().modRevision(), o.getAsInt(), now(), draft);
                }
            }
        }
        return Step.FULL;
    }

    private Step borrow() {
        List<Versioned<Block>> others = new ArrayList<>(ctx.store().blocks(pool.name()).stream()
                .filter(vb -> vb.value().affinity().filter(req.node()::equals).isEmpty())
                .filter(vb -> vb.value().free(pool.reserved(vb.value().cidr())) > 0).toList());
        if (others.isEmpty()) {
            return Step.FULL;
        }
        Versioned<Block> vb = others.get(ctx.claims().randomIndex(others.size()));
        ctx.cache().remember(vb);
        Block b = vb.value();
        int o = b.pick(pool.reserved(b.cidr())).orElseThrow();
        return ctx.writes().allocate(req, pool, b, vb.modRevision(), o, now(), draft);
    }
}
