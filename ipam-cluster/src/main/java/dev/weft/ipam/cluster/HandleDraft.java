package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The handle write an ADD makes at the same time as its block write, so the hot path costs one
 * datastore round trip, not two (etcd's latency is its fsync, and concurrent writes share one).
 * The handle may thus name an allocation whose block write then lost its race: such an entry is
 * inert (a handle entry counts only where its block holds the same attachment and sequence
 * number), the next attempt overwrites it, and GC prunes what a crash leaves. A write that fails
 * or loses its own race turns the draft off; the ADD then records the handle after placing, as
 * for a dual-stack ADD whose handle already exists.
 */
final class HandleDraft {
    private final IpamStore store;
    private final AllocationRequest req;
    private Optional<Handle> base = Optional.empty();
    private long revision = Datastore.ABSENT;
    private boolean off;
    private HandleAddress written;

    HandleDraft(IpamStore store, AllocationRequest req) {
        this.store = store;
        this.req = req;
    }

    /** Starts writing {@code address} into the handle; join the returned thread (null when the draft is off). */
    Thread start(HandleAddress address) {
        if (off) {
            return null;
        }
        return Thread.ofVirtual().name("weft-ipam-handle").start(() -> write(address));
    }

    private void write(HandleAddress address) {
        Handle h = base.map(b -> b.with(address)).orElseGet(() -> new Handle(req.attachment(), req.pod(), req.node(),
                List.of(address)));
        try {
            OptionalLong rev = store.putHandle(h, revision);
            if (rev.isPresent()) {
                revision = rev.getAsLong();
                base = Optional.of(h);
                written = address;
            } else {
                off = true;
            }
        } catch (IpamException e) {
            off = true; // the sequential handle write will meet (and report) the failure
        }
    }

    static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpamException(IpamError.STORE_UNAVAILABLE, "interrupted", "interrupted writing a handle", e);
        }
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
