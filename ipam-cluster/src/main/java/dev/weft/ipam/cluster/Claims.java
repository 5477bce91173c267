package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.store.Datastore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Claiming a block for a node: a free block of the pool (one of the first few free ones, at
 * random, so nodes claiming at once rarely collide), else an existing block whose node was removed
 * (affinity cleared by GC). The affinity index entry is written first, then the block is created
 * (or its affinity set) with the request's address in the same compare-and-swap: a crash between
 * the two leaves an index entry without its block, which readers ignore (the block's own affinity
 * decides, libcalico-go #778) and GC removes.
 */
final class Claims {
    private static final int CANDIDATES = 8;

    private final IpamStore store;
    private final BlockCache cache;
    private final BlockWrites writes;
    private final PoolCache pools;
    private final IpamOptions options;

    Claims(IpamStore store, BlockCache cache, BlockWrites writes, PoolCache pools, IpamOptions options) {
        this.store = store;
        this.cache = cache;
        this.writes = writes;
        this.pools = pools;
        this.options = options;
    }

    int randomIndex(int bound) {
        synchronized (options.random()) {
            return options.random().nextInt(bound);
        }
    }

    Step claim(AllocationRequest r, Pool cached, long now, HandleDraft draft) {
        Pool pool = pools.get(cached.name(), true);
        List<Versioned<Block>> all = store.blocks(pool.name());
        all.forEach(cache::remember);
        List<Cidr> free = freeBlocks(pool, all);
        if (!free.isEmpty()) {
            Cidr c = free.get(randomIndex(free.size()));
            Block fresh = Block.claimed(pool.name(), c, r.node(), store.revision() + 1);
            return create(r, pool, fresh, Datastore.ABSENT, now, draft);
        }
        List<Versioned<Block>> orphans = all.stream().filter(vb -> vb.value().affinity().isEmpty())
                .filter(vb -> vb.value().free(pool.reserved(vb.value().cidr())) > 0).toList();
        if (orphans.isEmpty()) {
            return Step.FULL;
        }
        Versioned<Block> o = orphans.get(randomIndex(orphans.size()));
        return create(r, pool, o.value().withAffinity(Optional.of(r.node())), o.modRevision(), now, draft);
    }

    private Step create(AllocationRequest r, Pool pool, Block b, long expected, long now, HandleDraft draft) {
        store.putAffinity(r.node(), pool.name(), b.cidr(), now);
        int ordinal = b.pick(pool.reserved(b.cidr())).orElseThrow();
        Step s = writes.allocate(r, pool, b, expected, ordinal, now, draft);
        if (s.done()) {
            cache.affine(r.node(), pool.name(), false).add(b.cidr());
        }
        return s;
    }

    /**
     * Up to {@link #CANDIDATES} block CIDRs of the pool with no block record and at least one
     * allocatable address, in order; blocks wholly inside an excluded range are skipped in one jump.
     */
    static List<Cidr> freeBlocks(Pool pool, List<Versioned<Block>> existing) {
        Set<Cidr> taken = new HashSet<>();
        existing.forEach(vb -> taken.add(vb.value().cidr()));
        List<Cidr> out = new ArrayList<>();
        BigInteger count = pool.blockCount();
        BigInteger i = BigInteger.ZERO;
        while (i.compareTo(count) < 0 && out.size() < CANDIDATES) {
            Cidr c = pool.block(i);
            Optional<IpRange> covering = pool.excludes().stream()
                    .filter(x -> x.contains(c.network()) && x.contains(c.last())).findFirst();
            if (covering.isPresent()) {
                i = indexOf(pool, covering.get().last()).add(BigInteger.ONE);
                continue;
            }
            if (!taken.contains(c) && pool.reserved(c).cardinality() < pool.blockAddresses()) {
                out.add(c);
            }
            i = i.add(BigInteger.ONE);
        }
        return out;
    }

    private static BigInteger indexOf(Pool pool, dev.weft.net.IpAddress ip) {
        int shift = pool.cidr().network().bitLength() - pool.blockSize();
        return ip.toBigInteger().subtract(pool.cidr().network().toBigInteger()).shiftRight(shift);
    }
}
