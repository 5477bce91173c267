package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code weft ipam pool add|list|del}. Pools live in one document, so add (with its overlap check)
 * and delete are each one compare-and-swap. A pool's CIDR, block size and exclusions never change
 * after it is added: blocks of another size would overlap old ones (Calico's lesson).
 */
public final class PoolAdmin {
    private final IpamStore store;
    private final Retry retry;

    public PoolAdmin(Datastore datastore) {
        this(datastore, IpamOptions.defaults());
    }

    public PoolAdmin(Datastore datastore, IpamOptions options) {
        this.store = new IpamStore(datastore);
        this.retry = new Retry(options);
    }

    /** Adds the pool; the same pool again is accepted (idempotent), a different one of that name or an overlap refused. */
    public Pool add(Pool pool) {
        return retry.run("add pool " + pool.name(), attempt -> {
            Optional<Versioned<PoolSet>> cur = store.pools();
            PoolSet set = cur.map(Versioned::value).orElse(PoolSet.EMPTY);
            if (set.find(pool.name()).filter(pool::equals).isPresent()) {
                return Optional.of(pool);
            }
            long expected = cur.map(Versioned::modRevision).orElse(Datastore.ABSENT);
            return store.putPools(set.with(pool), expected).isPresent() ? Optional.of(pool) : Optional.<Pool>empty();
        });
    }

    public Pool add(PoolSpec spec) {
        return add(spec.toPool());
    }

    public List<Pool> list() {
        return store.pools().map(v -> v.value().pools()).orElse(List.of());
    }

    /** The pool named {@code name}, if there is one. */
    public java.util.Optional<Pool> find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** What {@link #del} did. {@code leftBehind}: blocks that gained an allocation while a non-forced delete ran. */
    public record Deleted(String pool, int blocksDeleted, int addressesReleased, int handlesUpdated, List<String> leftBehind) {
    }

    /**
     * Deletes the pool. Refused ({@code POOL_IN_USE}) while addresses are allocated unless
     * {@code force}, which also releases them (their pods keep addresses nobody owns: only for
     * pools being retired). {@code force} also cleans up after a pool already deleted.
     */
    public Deleted del(String name, boolean force) {
        Names.pool("pool", name);
        retry.run("delete pool " + name, attempt -> {
            Optional<Versioned<PoolSet>> cur = store.pools();
            Optional<Pool> pool = cur.flatMap(v -> v.value().find(name));
            if (pool.isEmpty()) {
                if (force) {
                    return Optional.of(true);
                }
                throw new IpamException(IpamError.POOL_NOT_FOUND, "pool", "no IP pool named " + name);
            }
            List<Versioned<Block>> used = store.blocks(name).stream().filter(b -> !b.value().slots().isEmpty()).toList();
            if (!used.isEmpty() && !force) {
                int n = used.stream().mapToInt(b -> b.value().slots().size()).sum();
                throw new IpamException(IpamError.POOL_IN_USE, "pool", "pool " + name + " has " + n
                        + " allocated address(es) in " + used.size() + " block(s); release them or use --force");
            }
            return store.putPools(cur.get().value().without(name), cur.get().modRevision()).isPresent()
                    ? Optional.of(true) : Optional.<Boolean>empty();
        });
        return cleanUp(name, force);
    }

    private Deleted cleanUp(String name, boolean force) {
        int blocks = 0;
        int released = 0;
        List<String> left = new ArrayList<>();
        for (Versioned<Block> vb : store.blocks(name)) {
            Optional<Versioned<Block>> cur = Optional.of(vb);
            while (cur.isPresent() && (force || cur.get().value().slots().isEmpty())) {
                if (store.deleteBlock(cur.get().value(), cur.get().modRevision())) {
                    blocks++;
                    released += cur.get().value().slots().size();
                    cur = Optional.empty();
                } else {
                    cur = store.block(name, vb.value().cidr());
                }
            }
            cur.ifPresent(b -> left.add(b.value().cidr() + " (" + b.value().slots().size() + " allocated)"));
        }
        for (Entry e : store.list(IpamKeys.AFFINITY)) {
            if (IpamKeys.parseAffinity(e.key())[1].equals(name)) {
                store.deleteAffinity(e.key(), Datastore.ANY);
            }
        }
        int handles = force ? forgetHandles(name) : 0;
        return new Deleted(name, blocks, released, handles, left);
    }

    private int forgetHandles(String pool) {
        int n = 0;
        for (Versioned<Handle> vh : store.snapshot().handles().values()) {
            Handle h = vh.value();
            if (h.inPool(pool).isEmpty()) {
                continue;
            }
            n++;
            retry.run("update handle " + h.attachment(), attempt -> {
                Optional<Versioned<Handle>> cur = store.handle(h.attachment());
                if (cur.isEmpty() || cur.get().value().inPool(pool).isEmpty()) {
                    return Optional.of(true);
                }
                HandleAddress a = cur.get().value().inPool(pool).get();
                Handle next = cur.get().value().without(a.ip(), a.seq());
                boolean ok = next.addresses().isEmpty() ? store.deleteHandle(h.attachment(), cur.get().modRevision())
                        : store.putHandle(next, cur.get().modRevision()).isPresent();
                return ok ? Optional.of(true) : Optional.<Boolean>empty();
            });
        }
        return n;
    }
}
