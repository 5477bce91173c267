package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.LaneCtx.Held;
import dev.weft.ipam.cluster.LaneCtx.Reserved;
import dev.weft.net.IpAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's ADDs off the datastore's critical path (see "Reserved addresses" in the package notes):
 * unused reservations of the node per pool, an index of what it handed out (from its
 * {@link Journal}), and a thread that writes handed-out addresses back and refills
 * ({@link LaneWorker}). An ADD takes a reservation, writes its journal entry and returns; a DEL
 * releases from the datastore. One lane per node and journal: it holds a lock on the journal for
 * its life. Thread-safe.
 */
public final class ReservedLane implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReservedLane.class.getName());

    private final ClusterIpam ipam;
    private final LaneCtx ctx;
    private final String node;
    private final Journal journal;
    private final LaneSettings settings;
    private final LaneWrites writes;
    /** Guards {@link #free}, {@link #held} and the journal files. */
    private final Object state = new Object();
    private final Map<String, ArrayDeque<Reserved>> free = new HashMap<>();
    private final Map<AttachmentId, Map<String, Held>> held = new HashMap<>();
    private final Map<String, Long> coolUntil = new HashMap<>();
    /** Held while writing back, and by a DEL: a DEL never runs beside the write-back of its own entries. */
    private final ReentrantLock writer = new ReentrantLock();
    private final FileChannel ownership;
    private final LaneWorker worker;

    ReservedLane(ClusterIpam ipam, LaneCtx ctx, String node, Path journalDir, LaneSettings settings) {
        this.ipam = ipam;
        this.ctx = ctx;
        this.node = Names.node("node", node);
        this.journal = new Journal(journalDir);
        this.settings = settings;
        this.writes = new LaneWrites(ctx, node);
        this.ownership = own(journalDir);
        try {
            new LaneReplay(ctx, node, journal).run(free, held);
        } catch (RuntimeException e) {
            release(ownership);
            throw e;
        }
        this.worker = new LaneWorker(this, ctx.store().raw(), node, settings.background());
    }

    /** Takes the journal for this process ({@code DIR.lock}); a second lane on it would hand out the same addresses. */
    private static FileChannel own(Path dir) {
        Path lock = dir.resolveSibling(dir.getFileName() + ".lock");
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new IllegalStateException("the IPAM journal " + dir + " is in use by another process or lane");
            }
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the IPAM journal " + dir, e);
        }
    }

    private static void release(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the journal lock failed", e);
        }
    }

    String node() {
        return node;
    }

    /** An ADD: the attachment's address in the pool, from a reservation when one is left, else the datastore's path. */
    Allocation allocate(AllocationRequest req) {
        Pool pool = ctx.pools().get(req.pool(), false);
        Held known;
        synchronized (state) {
            known = heldOf(req.attachment(), req.pool());
            if (known != null && !known.written) {
                return known.allocation; // a repeated ADD: still the node's reservation, nobody else's
            }
        }
        if (known != null) {
            // written back: GC or another process may have released it since; the datastore confirms
            Optional<Allocation> live = ctx.handles().existing(req.attachment(), pool);
            if (live.isPresent()) {
                return live.get();
            }
            forget(req.attachment(), req.pool(), known);
        }
        synchronized (state) {
            Held h = heldOf(req.attachment(), req.pool());
            if (h != null) {
                return h.allocation; // a concurrent repeat of this ADD got there first
            }
            Reserved r = req.requested().isPresent() ? null : poll(req.pool());
            if (r != null) {
                return handOut(req, pool, r);
            }
            free.computeIfAbsent(req.pool(), k -> new ArrayDeque<>());
        }
        worker.kick(); // no reservation left: refill, and meanwhile the datastore's path
        Allocation a;
        try {
            a = ipam.allocateInStore(req);
        } catch (IpamException e) {
            if (e.error() != IpamError.POOL_EXHAUSTED || req.requested().isPresent()) {
                throw e;
            }
            synchronized (state) { // this node's own refill may have taken the last addresses meanwhile
                Reserved r = poll(req.pool());
                if (r == null) {
                    throw e;
                }
                return handOut(req, pool, r);
            }
        }
        synchronized (state) {
            JournalEntry e = new JournalEntry(req.attachment(), req.pod(), req.pool(), a.ip(), a.block(), a.seq(), ctx.now());
            held.computeIfAbsent(req.attachment(), k -> new LinkedHashMap<>()).put(req.pool(), new Held(e, a, false, true));
        }
        return a;
    }

    /** Gives reservation {@code r} to the request: its journal entry, then the answer. Holds {@link #state}. */
    private Allocation handOut(AllocationRequest req, Pool pool, Reserved r) {
        JournalEntry e = new JournalEntry(req.attachment(), req.pod(), req.pool(), r.ip(), r.block(), r.seq(), ctx.now());
        try {
            journal.write(e);
        } catch (UncheckedIOException x) {
            free.get(req.pool()).addFirst(r);
            throw new IpamException(IpamError.STORE_UNAVAILABLE, "journal", x.getMessage(), x);
        }
        Held got = new Held(e, e.allocation(pool), true, false);
        held.computeIfAbsent(req.attachment(), k -> new LinkedHashMap<>()).put(req.pool(), got);
        worker.kick();
        return got.allocation;
    }

    private void forget(AttachmentId a, String pool, Held h) {
        synchronized (state) {
            Map<String, Held> m = held.get(a);
            if (m != null && m.get(pool) == h) {
                m.remove(pool);
                if (m.isEmpty()) {
                    held.remove(a);
                }
                if (h.journaled) {
                    journal.delete(a, pool);
                }
            }
        }
    }

    /**
     * The pools changed: unused reservations of a pool that is gone are dropped (its blocks went
     * with it), so no ADD hands one out; a pool deleted with {@code --force} under a running lane
     * can still lose that race by the watch's delay.
     */
    void poolsChanged() {
        PoolSet now = ctx.pools().refresh();
        synchronized (state) {
            free.keySet().removeIf(p -> now.find(p).isEmpty());
        }
    }

    private Held heldOf(AttachmentId a, String pool) {
        Map<String, Held> m = held.get(a);
        return m == null ? null : m.get(pool);
    }

    private Reserved poll(String pool) {
        ArrayDeque<Reserved> q = free.get(pool);
        return q == null ? null : q.pollFirst();
    }

    /** A DEL: releases what the attachment holds, handed out but not written back yet or in the datastore; idempotent. */
    List<IpAddress> release(AttachmentId a) {
        writer.lock();
        try {
            List<Held> mine;
            synchronized (state) {
                Map<String, Held> m = held.get(a);
                mine = m == null ? List.of() : List.copyOf(m.values());
            }
            List<IpAddress> out = new ArrayList<>();
            for (Held h : mine) {
                if (!h.written && releaseReservation(h)) {
                    out.add(h.entry.ip());
                }
            }
            out.addAll(ctx.handles().releaseAll(a));
            synchronized (state) {
                held.remove(a); // only now: a DEL that failed above is repeated with the index intact
                mine.stream().filter(h -> h.journaled).forEach(h -> journal.delete(a, h.entry.pool()));
            }
            return out;
        } finally {
            writer.unlock();
        }
    }

    /** Frees a handed-out address that was never written back: it is still the node's reservation. */
    private boolean releaseReservation(Held h) {
        JournalEntry e = h.entry;
        return ctx.handles().releaseSlot(node, e.pool(), e.block(), e.ip(), Slot.reservationOf(node), e.seq());
    }

    /** {@link ClusterIpam#releaseIf} for an address still in the journal only; empty when the datastore's path must decide. */
    Optional<Boolean> releaseIfPending(AttachmentId a, IpAddress ip, long seq) {
        writer.lock();
        try {
            Held h;
            synchronized (state) {
                Map<String, Held> m = held.get(a);
                h = m == null ? null : m.values().stream()
                        .filter(x -> x.entry.ip().equals(ip) && x.entry.seq() == seq).findFirst().orElse(null);
                if (h == null) {
                    return Optional.empty();
                }
                m.remove(h.entry.pool());
                if (m.isEmpty()) {
                    held.remove(a);
                }
            }
            if (h.written) {
                return Optional.empty();
            }
            boolean freed = releaseReservation(h);
            synchronized (state) {
                journal.delete(a, h.entry.pool());
            }
            return Optional.of(freed);
        } finally {
            writer.unlock();
        }
    }

    /** The attachment's addresses handed out and not written back yet (CHECK adds them to what the datastore confirms). */
    List<Allocation> pending(AttachmentId a) {
        synchronized (state) {
            Map<String, Held> m = held.get(a);
            return m == null ? List.of() : m.values().stream().filter(h -> !h.written).map(h -> h.allocation).toList();
        }
    }

    /** Writes every handed-out address back now, one transaction per block (the worker's job; tests and shutdown call it). */
    public void flush() {
        writer.lock();
        try {
            Map<String, List<Held>> byBlock = new LinkedHashMap<>();
            synchronized (state) {
                held.values().forEach(m -> m.values().stream().filter(h -> !h.written)
                        .forEach(h -> byBlock.computeIfAbsent(h.entry.pool() + " " + h.entry.block(), k -> new ArrayList<>())
                                .add(h)));
            }
            for (List<Held> hs : byBlock.values()) {
                for (int i = 0; i < hs.size(); i += settings.writeBackBatch()) {
                    List<Held> chunk = hs.subList(i, Math.min(hs.size(), i + settings.writeBackBatch()));
                    writes.writeBack(chunk.getFirst().entry.pool(), chunk.getFirst().entry.block(), chunk);
                }
            }
        } finally {
            writer.unlock();
        }
    }

    /** Reserves addresses in every pool the node has used whose unused reservations fell below the low-water mark. */
    public void refill() {
        List<String> pools;
        synchronized (state) {
            pools = List.copyOf(free.keySet());
        }
        for (String p : pools) {
            int want;
            synchronized (state) {
                Long until = coolUntil.get(p);
                if (until != null && ctx.now() < until) {
                    continue;
                }
                int have = free.get(p).size();
                want = have >= settings.lowWater() && have > 0 ? 0 : settings.target() - have;
            }
            if (want <= 0) {
                continue;
            }
            Optional<Pool> pool = ctx.pools().current().find(p);
            if (pool.isEmpty()) {
                continue;
            }
            List<Reserved> got = writes.reserve(pool.get(), want);
            synchronized (state) {
                free.computeIfAbsent(p, k -> new ArrayDeque<>()).addAll(got);
            }
        }
    }

    /** Another node found {@code pool} exhausted: gives every unused reservation there back, and reserves none for a while. */
    public void giveBack(String pool) {
        List<Reserved> drained;
        synchronized (state) {
            ArrayDeque<Reserved> q = free.get(pool);
            drained = q == null ? List.of() : new ArrayList<>(q);
            if (q != null) {
                q.clear();
            }
            coolUntil.put(pool, ctx.now() + settings.coolDown().toMillis());
        }
        Map<String, List<Reserved>> byBlock = new LinkedHashMap<>();
        drained.forEach(r -> byBlock.computeIfAbsent(r.block().toString(), k -> new ArrayList<>()).add(r));
        for (List<Reserved> rs : byBlock.values()) {
            try {
                writes.unreserve(pool, rs.getFirst().block(), rs);
            } catch (IpamException e) {
                synchronized (state) {
                    free.get(pool).addAll(rs); // still ours in the datastore: keep handing them out
                }
                LOG.log(System.Logger.Level.WARNING, "giving reservations of pool " + pool + " back failed", e);
            }
        }
        if (!drained.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "gave " + drained.size() + " reservation(s) of pool " + pool + " back");
        }
    }

    /** Unused reservations of the pool (for tests and metrics). */
    public int unused(String pool) {
        synchronized (state) {
            ArrayDeque<Reserved> q = free.get(pool);
            return q == null ? 0 : q.size();
        }
    }

    /** Handed-out addresses not written back yet. */
    public int pendingWriteBacks() {
        synchronized (state) {
            return (int) held.values().stream().flatMap(m -> m.values().stream()).filter(h -> !h.written).count();
        }
    }

    /** Stops the worker; what is not written back stays in the journal for the next start. */
    @Override
    public void close() {
        worker.close();
        release(ownership);
    }
}
