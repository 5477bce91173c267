package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;

import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Blocks as this process last read or wrote them, with their mod revisions, and which blocks each
 * node holds in each pool. A cached block is only a guess: writes are compare-and-swaps on its
 * revision, and a lost one re-reads. So an ADD on a node whose block has room is a single write.
 */
final class BlockCache {
    private final Map<String, Versioned<Block>> blocks = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<Cidr>> affine = new ConcurrentHashMap<>();
    private final IpamStore store;

    BlockCache(IpamStore store) {
        this.store = store;
    }

    /** The node's blocks of the pool; loaded from the affinity index the first time, or when {@code reload}. */
    NavigableSet<Cidr> affine(String node, String pool, boolean reload) {
        String k = node + "/" + pool;
        NavigableSet<Cidr> have = affine.get(k);
        if (have != null && !reload) {
            return have;
        }
        NavigableSet<Cidr> fresh = new ConcurrentSkipListSet<>();
        for (Cidr c : store.affinities(node, pool)) {
            store.block(pool, c).ifPresent(vb -> {
                remember(vb);
                if (vb.value().affinity().filter(node::equals).isPresent()) {
                    fresh.add(c);
                }
            });
        }
        affine.put(k, fresh);
        return fresh;
    }

    Optional<Versioned<Block>> get(String pool, Cidr cidr) {
        return Optional.ofNullable(blocks.get(IpamKeys.block(pool, cidr)));
    }

    /** The cached block, or a fresh read. */
    Optional<Versioned<Block>> getOrRead(String pool, Cidr cidr) {
        Optional<Versioned<Block>> c = get(pool, cidr);
        return c.isPresent() ? c : reread(pool, cidr);
    }

    /** Reads the block again, updating what is cached (a deleted block is forgotten). */
    Optional<Versioned<Block>> reread(String pool, Cidr cidr) {
        Optional<Versioned<Block>> fresh = store.block(pool, cidr);
        if (fresh.isPresent()) {
            remember(fresh.get());
        } else {
            forget(pool, cidr);
        }
        return fresh;
    }

    /** Records a block read or written; keeps the node's set of affine blocks in step with its affinity. */
    void remember(Versioned<Block> vb) {
        Block b = vb.value();
        blocks.merge(IpamKeys.block(b.pool(), b.cidr()), vb, (old, neu) -> neu.modRevision() >= old.modRevision() ? neu : old);
        affine.forEach((k, set) -> {
            boolean mine = b.affinity().map(a -> k.equals(a + "/" + b.pool())).orElse(false);
            if (mine) {
                set.add(b.cidr());
            } else if (k.endsWith("/" + b.pool())) {
                set.remove(b.cidr());
            }
        });
    }

    void forget(String pool, Cidr cidr) {
        blocks.remove(IpamKeys.block(pool, cidr));
        affine.forEach((k, set) -> {
            if (k.endsWith("/" + pool)) {
                set.remove(cidr);
            }
        });
    }
}
