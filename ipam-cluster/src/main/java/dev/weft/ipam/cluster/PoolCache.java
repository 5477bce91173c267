package dev.weft.ipam.cluster;

import java.util.Optional;

/**
 * The pool set as last read. Allocations in a node's existing blocks trust it; claiming a block
 * re-reads it, so a deleted pool gets no new block (and its deleted blocks fail every cached
 * compare-and-swap).
 */
final class PoolCache {
    private final IpamStore store;
    private volatile PoolSet cached;

    PoolCache(IpamStore store) {
        this.store = store;
    }

    PoolSet refresh() {
        PoolSet fresh = store.pools().map(Versioned::value).orElse(PoolSet.EMPTY);
        cached = fresh;
        return fresh;
    }

    /** The pool, from the cache or a fresh read; {@link IpamError#POOL_NOT_FOUND} when there is none. */
    Pool get(String name, boolean fresh) {
        PoolSet s = cached;
        Optional<Pool> p = s == null || fresh ? Optional.empty() : s.find(name);
        if (p.isEmpty()) {
            p = refresh().find(name);
        }
        return p.orElseThrow(() -> new IpamException(IpamError.POOL_NOT_FOUND, "pool", "no IP pool named " + name
                + " (weft ipam pool add)"));
    }

    PoolSet current() {
        PoolSet s = cached;
        return s == null ? refresh() : s;
    }
}
