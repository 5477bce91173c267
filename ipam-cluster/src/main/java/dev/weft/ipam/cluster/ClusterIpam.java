package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;

import java.util.List;
import java.util.Optional;

/**
 * Cluster-wide address allocation on the datastore (see the package notes for the model). One
 * instance per process is meant to live as long as the process: it caches the pools and the
 * blocks and handles it touched, so an ADD on a node whose block has room is one transaction (the
 * block and the handle, each guarded by its revision) and no read, and a DEL of an attachment it
 * allocated is one transaction too (blocks freed, handle deleted). Thread-safe.
 */
public final class ClusterIpam {
    private final IpamStore store;
    private final PoolCache pools;
    private final Placement.Ctx ctx;
    private final Handles handles;
    private final NodeLocks locks;
    private final Retry retry;
    private final IpamOptions options;
    private volatile ReservedLane lane;

    public ClusterIpam(Datastore datastore) {
        this(datastore, IpamOptions.defaults());
    }

    public ClusterIpam(Datastore datastore, IpamOptions options) {
        this.store = new IpamStore(datastore);
        this.pools = new PoolCache(store);
        BlockCache cache = new BlockCache(store);
        BlockWrites writes = new BlockWrites(store, cache);
        this.ctx = new Placement.Ctx(store, cache, writes, new Claims(store, cache, writes, pools, options), pools, options);
        this.retry = new Retry(options);
        this.locks = new NodeLocks(options.hostLock());
        this.handles = new Handles(store, cache, writes, retry, locks, options.clock());
        this.options = options;
    }

    /**
     * Serves the ADDs of {@code node} from addresses reserved ahead of need, recorded in a journal
     * under {@code journalDir} and written back to the datastore behind (see "Reserved addresses"
     * in the package notes): replays the journal first. One lane per instance and journal; the
     * caller closes it. Calls for other nodes keep the datastore's path.
     */
    public synchronized ReservedLane reserveAhead(String node, java.nio.file.Path journalDir, LaneSettings settings) {
        if (lane != null) {
            throw new IllegalStateException("this allocator already reserves ahead for node " + lane.node());
        }
        lane = new ReservedLane(this, new LaneCtx(store, ctx.cache(), locks, pools, handles, retry, options), node,
                journalDir, settings);
        return lane;
    }

    /** Stops reserving ahead (closes the lane); what is not written back waits in the journal. */
    public synchronized void stopReserving() {
        if (lane != null) {
            lane.close();
            lane = null;
        }
    }

    /** The lane reserving ahead for its node, if {@link #reserveAhead} started one. */
    public Optional<ReservedLane> lane() {
        return Optional.ofNullable(lane);
    }

    private Optional<ReservedLane> laneFor(String node) {
        ReservedLane l = lane;
        return l != null && l.node().equals(node) ? Optional.of(l) : Optional.empty();
    }

    /**
     * Gives the attachment an address of the pool, or the one it already holds there (ADD is
     * idempotent per attachment and pool; call once per pool for dual stack). Throws
     * {@link IpamException}: {@code POOL_NOT_FOUND}, {@code POOL_EXHAUSTED} (naming the pool),
     * {@code ADDRESS_UNAVAILABLE} / {@code INVALID_ARGUMENT} for a requested address,
     * {@code CONTENTION}, {@code STORE_UNAVAILABLE}; after a failure nothing stays allocated
     * (or, when the store failed mid-way, GC frees it after the grace period). With a lane for the
     * node ({@link #reserveAhead}), from its reservations without a datastore round trip.
     */
    public Allocation allocate(AllocationRequest req) {
        Optional<ReservedLane> l = laneFor(req.node());
        return l.isPresent() ? l.get().allocate(req) : allocateInStore(req);
    }

    /** The datastore's path; when the pool is exhausted while other nodes hold reservations, asks them back and waits a while. */
    Allocation allocateInStore(AllocationRequest req) {
        return GiveBack.allocateOrAsk(store, req, options.giveBackWait(), () -> allocateNow(req));
    }

    private Allocation allocateNow(AllocationRequest req) {
        Pool pool = pools.get(req.pool(), false);
        HandleDraft draft = new HandleDraft(store, req);
        Placed placed;
        try {
            placed = place(req, pool, draft);
        } catch (IpamException e) {
            draft.undo();
            if (e.error() == IpamError.POOL_EXHAUSTED) {
                // a repeated ADD needs no room: it gets what it holds
                Optional<Allocation> held = handles.existing(req.attachment(), pool);
                if (held.isPresent()) {
                    return held.get();
                }
            }
            throw e;
        }
        if (draft.holds(placed)) {
            return placed.allocation(req.attachment());
        }
        try {
            return handles.commit(req, placed);
        } catch (RuntimeException e) {
            draft.undo();
            try {
                handles.releaseSlot(req.node(), pool.name(), placed.block(), placed.ip(), req.attachment(), placed.seq());
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private Placed place(AllocationRequest req, Pool pool, HandleDraft draft) {
        return locks.locked(req.node(), pool.name(), () -> {
            if (req.requested().isPresent()) {
                RequestedPlacement rp = new RequestedPlacement(ctx, req, pool, draft);
                return retry.run("allocate " + req.requested().get() + " in pool " + pool.name(),
                        n -> draft.live(pool, ctx.cache()).or(rp::attempt));
            }
            Placement p = new Placement(ctx, req, pool, draft);
            return retry.run("allocate in pool " + pool.name(), n -> draft.live(pool, ctx.cache()).or(p::attempt));
        });
    }

    /** Frees every address the attachment holds (DEL); empty, and no error, when it holds none. */
    public List<IpAddress> release(AttachmentId attachment) {
        ReservedLane l = lane;
        return l != null ? l.release(attachment) : handles.releaseAll(attachment);
    }

    /**
     * Frees {@code ip} only if it is still the allocation {@code seq} of this attachment: a late or
     * repeated release can never free an address that was released and allocated again since.
     */
    public boolean releaseIf(AttachmentId attachment, IpAddress ip, long seq) {
        ReservedLane l = lane;
        Optional<Boolean> pending = l == null ? Optional.empty() : l.releaseIfPending(attachment, ip, seq);
        if (pending.isPresent()) {
            return pending.get();
        }
        Optional<Pool> pool = pools.current().containing(ip).or(() -> pools.refresh().containing(ip));
        if (pool.isEmpty()) {
            return false;
        }
        String node = store.handle(attachment).map(h -> h.value().node()).orElse("-");
        boolean freed = handles.releaseSlot(node, pool.get().name(), pool.get().blockOf(ip), ip, attachment, seq);
        handles.forget(attachment, ip, seq);
        return freed;
    }

    /** The attachment's addresses that their blocks confirm (CHECK; an ADD's result again). */
    public List<Allocation> lookup(AttachmentId attachment) {
        List<Allocation> out = new java.util.ArrayList<>(handles.lookup(attachment, pools.refresh()));
        ReservedLane l = lane;
        if (l != null) {
            l.pending(attachment).stream().filter(p -> out.stream().noneMatch(a -> a.pool().equals(p.pool())))
                    .forEach(out::add);
        }
        return out;
    }

    /** The attachment's handle as stored, unverified. */
    public Optional<Handle> handle(AttachmentId attachment) {
        return store.handle(attachment).map(Versioned::value);
    }

    /** Every block's routing facts: which node holds which blocks, and which addresses are borrowed by whom. */
    public RoutingView routing() {
        return RoutingView.of(store.allBlocks());
    }
}
