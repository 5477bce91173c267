package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;

import java.util.List;
import java.util.Optional;

/**
 * The handle an ADD writes in the same transaction as its block ({@link IpamStore#putBlockAndHandle}),
 * so the hot path is one datastore round trip and one commit (on etcd, one fsync): the block and
 * the handle land together or not at all. The draft starts from the handle this process knows
 * (none for a new attachment: the commit then requires that there be none); when that guess is
 * wrong the commit fails, the handle is read ({@link #reload}) and, if it already holds a live
 * address of the pool, the ADD returns that one ({@link #live}): ADD stays idempotent per
 * attachment and pool.
 */
final class HandleDraft {
    private final IpamStore store;
    private final AllocationRequest req;
    private Optional<Handle> base;
    private long revision;
    private HandleAddress written;
    private boolean read;

    HandleDraft(IpamStore store, AllocationRequest req) {
        this.store = store;
        this.req = req;
        Optional<Versioned<Handle>> known = store.cachedHandle(req.attachment());
        this.base = known.map(Versioned::value);
        this.revision = known.map(Versioned::modRevision).orElse(Datastore.ABSENT);
    }

    /** The handle to write with {@code address}: the known one with it added (replacing a dead entry of its pool). */
    Handle with(HandleAddress address) {
        return base.map(b -> b.with(address)).orElseGet(() -> new Handle(req.attachment(), req.pod(), req.node(),
                List.of(address)));
    }

    /** The mod revision the handle must still have for the commit ({@link Datastore#ABSENT}: none). */
    long revision() {
        return revision;
    }

    /** The commit of {@code address} landed at {@code rev}. */
    void written(HandleAddress address, long rev) {
        base = Optional.of(with(address));
        revision = rev;
        written = address;
    }

    /** The commit failed on the handle's revision: reads the handle as it is now. */
    void reload() {
        Optional<Versioned<Handle>> now = store.handle(req.attachment());
        read = true;
        base = now.map(Versioned::value);
        revision = now.map(Versioned::modRevision).orElse(Datastore.ABSENT);
    }

    /**
     * The address of {@code pool} the handle already holds, if the stored handle and its block
     * confirm it (a repeated ADD): it is then the ADD's answer. Reads the handle (a cached one may
     * be gone) and the block; costs nothing when the handle holds no address of the pool.
     */
    Optional<Placed> live(Pool pool, BlockCache cache) {
        if (!read && base.flatMap(h -> h.inPool(pool.name())).isPresent()) {
            reload();
        }
        Optional<HandleAddress> a = base.flatMap(h -> h.inPool(pool.name()));
        if (a.isEmpty()) {
            return Optional.empty();
        }
        Optional<Placed> p = cache.reread(pool.name(), a.get().block()).map(Versioned::value)
                .filter(b -> b.slot(a.get().ip()).map(s -> s.is(req.attachment(), a.get().seq())).orElse(false))
                .map(b -> BlockWrites.placed(pool, b, Block.ordinal(b.cidr(), a.get().ip()), a.get().seq(), req.node()));
        p.ifPresent(x -> written = a.get());
        return p;
    }

    /** Takes back what the draft wrote (the ADD failed); best effort, GC prunes what is left. */
    void undo() {
        if (written == null || base.isEmpty()) {
            return;
        }
        Handle without = base.get().without(written.ip(), written.seq());
        try {
            if (without.addresses().isEmpty()) {
                store.deleteHandle(req.attachment(), revision);
            } else {
                store.putHandle(without, revision);
            }
        } catch (IpamException e) {
            // left for GC: an entry its block does not confirm is inert
        }
        written = null;
    }

    /** Whether the handle as last written names exactly this placement. */
    boolean holds(Placed p) {
        return written != null && written.ip().equals(p.ip()) && written.seq() == p.seq() && written.block().equals(p.block());
    }
}
