package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Handle records and the block slots they name, kept in step: an allocation is written into its
 * block first and then into the handle; a release frees the block slots first and then deletes
 * the handle. Either half may be cut off by a crash; what is left is an allocation without handle
 * (GC frees it after the grace period) or a handle without allocation (the next DEL or GC removes it).
 */
final class Handles {
    private final IpamStore store;
    private final BlockCache cache;
    private final BlockWrites writes;
    private final Retry retry;
    private final NodeLocks locks;
    private final java.time.Clock clock;

    Handles(IpamStore store, BlockCache cache, BlockWrites writes, Retry retry, NodeLocks locks, java.time.Clock clock) {
        this.clock = clock;
        this.store = store;
        this.cache = cache;
        this.writes = writes;
        this.retry = retry;
        this.locks = locks;
    }

    /** Records {@code p} in the attachment's handle; if the handle already holds a live address of the pool, keeps that one. */
    Allocation commit(AllocationRequest r, Placed p) {
        AttachmentId att = r.attachment();
        HandleAddress ha = new HandleAddress(p.ip(), p.pool().name(), p.block(), p.seq(), clock.millis());
        return retry.run("record handle " + att, attempt -> {
            Optional<Versioned<Handle>> cur = attempt == 0 ? Optional.empty() : store.handle(att);
            if (cur.isEmpty()) {
                if (store.putHandle(new Handle(att, r.pod(), r.node(), List.of(ha)), Datastore.ABSENT).isPresent()) {
                    return Optional.of(p.allocation(att));
                }
                cur = store.handle(att);
                if (cur.isEmpty()) {
                    return Optional.empty();
                }
            }
            Handle h = cur.get().value();
            if (h.holds(p.ip(), p.seq())) {
                return Optional.of(p.allocation(att));
            }
            Optional<Allocation> live = h.inPool(p.pool().name()).flatMap(a -> verify(h, a, p.pool()));
            if (live.isPresent()) {
                releaseSlot(h.node(), p.pool().name(), p.block(), p.ip(), att, p.seq());
                return live;
            }
            return store.putHandle(h.with(ha), cur.get().modRevision()).isPresent()
                    ? Optional.of(p.allocation(att)) : Optional.<Allocation>empty();
        });
    }

    /** The attachment's live address in the pool, if it holds one. */
    Optional<Allocation> existing(AttachmentId att, Pool pool) {
        return store.handle(att).flatMap(vh -> vh.value().inPool(pool.name()).flatMap(a -> verify(vh.value(), a, pool)));
    }

    /** The handle's address as an allocation, if its block still holds it for this attachment and sequence number. */
    Optional<Allocation> verify(Handle h, HandleAddress a, Pool pool) {
        return cache.reread(a.pool(), a.block()).map(Versioned::value)
                .filter(b -> b.slot(a.ip()).map(s -> s.is(h.attachment(), a.seq())).orElse(false))
                .map(b -> new Allocation(h.attachment(), a.ip(), pool.name(), pool.cidr(), pool.gateway(), a.block(),
                        a.seq(), b.affinity().filter(h.node()::equals).isEmpty()));
    }

    /** Frees one slot if it is still {@code (attachment, seq)}; false when it was not there. */
    boolean releaseSlot(String node, String pool, Cidr block, IpAddress ip, AttachmentId att, long seq) {
        int ordinal = Block.ordinal(block, ip);
        return locks.locked(node, pool, () -> retry.run("release " + ip + " of " + att,
                attempt -> writes.release(pool, block, ordinal, att, seq)));
    }

    /**
     * Frees every address of the attachment's handle, then deletes it; the addresses freed (none
     * when there was no handle). First as one transaction from what this process knows (the handle
     * it wrote or read, its blocks as cached), guarded by every revision; when that guess is stale
     * or a slot is not as the handle says, one address at a time from fresh reads.
     */
    List<IpAddress> releaseAll(AttachmentId att) {
        Optional<Versioned<Handle>> known = store.cachedHandle(att).or(() -> store.handle(att));
        if (known.isEmpty()) {
            return List.of();
        }
        Handle h = known.get().value();
        Optional<List<IpAddress>> fast = h.addresses().size() == 1
                ? locks.locked(h.node(), h.addresses().getFirst().pool(), () -> releaseAtOnce(known.get()))
                : releaseAtOnce(known.get());
        return fast.orElseGet(() -> releaseEach(att));
    }

    /** The guarded transaction of {@link #releaseAll}; empty when a guess was stale (nothing written). */
    private Optional<List<IpAddress>> releaseAtOnce(Versioned<Handle> vh) {
        List<IpamStore.BlockWrite> blocks = new ArrayList<>();
        List<IpAddress> ips = new ArrayList<>();
        for (HandleAddress a : vh.value().addresses()) {
            Optional<Versioned<Block>> cur = cache.getOrRead(a.pool(), a.block());
            Optional<Block> next = cur.flatMap(vb -> vb.value().release(Block.ordinal(a.block(), a.ip()),
                    vh.value().attachment(), a.seq()));
            if (next.isEmpty() || blocks.stream().anyMatch(w -> w.next().cidr().equals(a.block()))) {
                return Optional.empty();
            }
            blocks.add(new IpamStore.BlockWrite(next.get(), cur.get().modRevision()));
            ips.add(a.ip());
        }
        if (blocks.size() + 1 > dev.weft.store.Datastore.MAX_GUARDED_OPS / 2) {
            return Optional.empty();
        }
        java.util.OptionalLong rev = store.releaseAndDeleteHandle(blocks, vh.value().attachment(), vh.modRevision());
        if (rev.isEmpty()) {
            return Optional.empty();
        }
        blocks.forEach(w -> cache.remember(new Versioned<>(w.next(), rev.getAsLong())));
        return Optional.of(List.copyOf(ips));
    }

    private List<IpAddress> releaseEach(AttachmentId att) {
        Set<IpAddress> freed = new LinkedHashSet<>();
        return retry.run("release " + att, attempt -> {
            Optional<Versioned<Handle>> cur = store.handle(att);
            if (cur.isEmpty()) {
                return Optional.of(List.copyOf(freed));
            }
            Handle h = cur.get().value();
            for (HandleAddress a : h.addresses()) {
                if (releaseSlot(h.node(), a.pool(), a.block(), a.ip(), att, a.seq())) {
                    freed.add(a.ip());
                }
            }
            return store.deleteHandle(att, cur.get().modRevision())
                    ? Optional.of(List.copyOf(freed)) : Optional.<List<IpAddress>>empty();
        });
    }

    /** Removes {@code (ip, seq)} from the attachment's handle (deleting it when nothing is left). */
    void forget(AttachmentId att, IpAddress ip, long seq) {
        retry.run("update handle " + att, attempt -> {
            Optional<Versioned<Handle>> cur = store.handle(att);
            if (cur.isEmpty() || !cur.get().value().holds(ip, seq)) {
                return Optional.of(true);
            }
            Handle next = cur.get().value().without(ip, seq);
            boolean ok = next.addresses().isEmpty() ? store.deleteHandle(att, cur.get().modRevision())
                    : store.putHandle(next, cur.get().modRevision()).isPresent();
            return ok ? Optional.of(true) : Optional.<Boolean>empty();
        });
    }

    /** The handle's addresses that their blocks confirm. */
    List<Allocation> lookup(AttachmentId att, PoolSet pools) {
        List<Allocation> out = new ArrayList<>();
        store.handle(att).ifPresent(vh -> {
            for (HandleAddress a : vh.value().addresses()) {
                pools.find(a.pool()).flatMap(p -> verify(vh.value(), a, p)).ifPresent(out::add);
            }
        });
        return out;
    }
}
