package dev.weft.ipam.hostlocal;

import dev.weft.cni.Attachment;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.io.StateFiles;
import dev.weft.lock.Flock;
import dev.weft.net.IpAddress;
import dev.weft.netlink.sys.Inotify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A network's allocations kept in memory by a long-lived process (the agent), written through to
 * the reference layout on disk ({@link AllocationStore}), so the JVM path, the reference
 * host-local and GC see the same state. What it saves on each call: the directory listing and the
 * owner records read to answer "what does this attachment hold" (which grows with the pods on the
 * node), and opening the lock file.
 *
 * <p>Staying true to the disk: every writer holds the network's lock ({@code flock}, as the
 * reference does), and an inotify watch on the directory ({@link Inotify}) is drained right after
 * this index's own writes, still under the lock. Whatever the next holder of the lock finds queued
 * was written by someone else, and the index is read again from the files before it is used. A
 * watch that fails, overflows or loses its directory reads the files every time, as
 * {@link AllocationStore} does. A writer that ignores the lock (a hand-run {@code rm}) can slip
 * its change into our own drain; the claim itself is still an exclusive create, so a stale index
 * can cost a retry or a leak for GC, never a duplicate address.
 */
public final class IndexedAllocations implements Allocations {
    private final AllocationStore files;
    private final ReentrantLock local = new ReentrantLock();
    private final TreeMap<IpAddress, Attachment> owners = new TreeMap<>();
    private final Map<Integer, Optional<IpAddress>> lastReserved = new HashMap<>();
    /** Range sets whose {@code last_reserved_ip} file is behind {@link #lastReserved}, guarded by {@link #local}. */
    private final Map<Integer, IpAddress> unwritten = new HashMap<>();
    private boolean behindQueued;
    /** One thread for every index of the process: the files written behind the ADDs ({@link #writeBehind}). */
    private static final java.util.concurrent.ExecutorService BEHIND = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("weft-host-local-behind").factory());
    private Flock lock;
    private Inotify watch;
    private boolean current;
    private long reloads;

    IndexedAllocations(Path dataDir, String network) {
        this.files = new AllocationStore(dataDir, network);
    }

    @Override
    public Path dir() {
        return files.dir();
    }

    @Override
    public <T> T locked(Supplier<T> action) {
        local.lock();
        try {
            lockFiles();
            try {
                if (!current) {
                    reload();
                }
                try {
                    return action.get();
                } catch (RuntimeException | Error e) {
                    current = false; // a write may have happened half-way: read the files next time
                    throw e;
                } finally {
                    if (watch != null) {
                        watch.drain(); // our own changes
                        current &= !watch.broken();
                    }
                }
            } finally {
                unlockFiles();
            }
        } finally {
            local.unlock();
        }
    }

    /** Takes the lock on disk, (re)opening the directory, lock file and watch when needed. */
    private void lockFiles() {
        try {
            for (int attempt = 0; ; attempt++) {
                if (lock == null) {
                    StateFiles.privateDirectory(files.dir());
                    lock = Flock.open(files.dir().resolve("lock"));
                    watch = openWatch();
                    current = false;
                }
                lock.lock();
                boolean changed = watch == null || watch.drain();
                if (watch == null || !watch.broken() || attempt > 0) {
                    current &= !changed;
                    return;
                }
                closeFiles(); // the directory went away or was replaced: start again on the new one
            }
        } catch (IOException e) {
            closeFiles();
            throw new CniException(CniErrorCode.IO_FAILURE, "host-local: cannot keep state in " + files.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    private Inotify openWatch() {
        try {
            return Inotify.watch(files.dir());
        } catch (RuntimeException e) {
            return null; // no inotify here: read the files every time
        }
    }

    private void unlockFiles() {
        try {
            lock.unlock();
        } catch (IOException e) {
            closeFiles(); // closing releases it
        }
    }

    private void closeFiles() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
        current = false;
    }

    private void reload() {
        owners.clear();
        owners.putAll(files.allocations());
        lastReserved.clear();
        unwritten.forEach((set, ip) -> lastReserved.put(set, Optional.of(ip))); // ours, not on disk yet
        reloads++;
        current = watch != null;
    }

    /** How many times the files were read since this index was made (for tests and the breakdown). */
    public long reloads() {
        return reloads;
    }

    @Override
    public boolean reserve(IpAddress ip, Attachment owner, int rangeSetIndex) {
        if (owners.containsKey(ip)) {
            return false;
        }
        if (!files.claim(ip, owner)) {
            owners.put(ip, new Attachment("", "")); // written behind our back: held, owner unknown until the next read
            current = false;
            return false;
        }
        owners.put(ip, owner);
        lastReserved.put(rangeSetIndex, Optional.of(ip));
        unwritten.put(rangeSetIndex, ip);
        if (!behindQueued) {
            behindQueued = true;
            BEHIND.execute(this::writeBehind);
        }
        return true;
    }

    /**
     * Writes the {@code last_reserved_ip} files this index's reservations moved, under the lock,
     * off the ADD's path: only the round-robin's start depends on them (the claim is the
     * allocation), so the call need not wait for the write. A burst's reservations are written
     * once. Until then (and if the agent dies first) another process starts its round-robin from
     * the value before, which a torn or stale file does anyway: it may pick an address this agent
     * freed a little sooner, never one that is held.
     */
    private void writeBehind() {
        local.lock();
        try {
            behindQueued = false; // from here on, a new reservation queues a write of its own
            if (unwritten.isEmpty()) { // written already (settle), or the index was closed: touch no file
                return;
            }
        } finally {
            local.unlock();
        }
        try {
            locked(() -> {
                Map<Integer, IpAddress> now = new HashMap<>(unwritten);
                unwritten.clear();
                now.forEach(files::lastReserved);
                return null;
            });
        } catch (RuntimeException e) {
            System.getLogger(IndexedAllocations.class.getName()).log(System.Logger.Level.WARNING,
                    "host-local: cannot write last_reserved_ip in " + files.dir() + " behind: " + e.getMessage());
        }
    }

    /** Waits until every {@code last_reserved_ip} this index moved is on disk (tests; the agent's stop). */
    public void settle() {
        writeBehind();
    }

    @Override
    public List<IpAddress> heldBy(Attachment owner, Predicate<Attachment> isOwner) {
        return owners.entrySet().stream().filter(e -> isOwner.test(e.getValue())).map(Map.Entry::getKey).toList();
    }

    @Override
    public Optional<IpAddress> lastReserved(int rangeSetIndex) {
        return lastReserved.computeIfAbsent(rangeSetIndex, files::lastReserved);
    }

    @Override
    public Map<IpAddress, Attachment> allocations() {
        return new LinkedHashMap<>(owners);
    }

    @Override
    public void release(IpAddress ip, Attachment owner) {
        files.release(ip, owner);
        owners.remove(ip);
    }

    @Override
    public void removeOrphanClaims() {
        files.removeOrphanClaims();
    }

    /** The agent's indexes, one per network directory; closing it closes their files. */
    public static final class Registry implements Allocations.Source, AutoCloseable {
        private final Map<Path, IndexedAllocations> indexes = new ConcurrentHashMap<>();

        @Override
        public IndexedAllocations of(Path dataDir, String network) {
            Path dir = dataDir.resolve(network).toAbsolutePath().normalize();
            return indexes.computeIfAbsent(dir, d -> new IndexedAllocations(dataDir, network));
        }

        /** Addresses each network's index holds now, by network name (for the agent's metrics). */
        public Map<String, Integer> held() {
            Map<String, Integer> m = new java.util.TreeMap<>();
            indexes.forEach((dir, i) -> {
                i.local.lock();
                try {
                    m.merge(dir.getFileName().toString(), i.owners.size(), Integer::sum);
                } finally {
                    i.local.unlock();
                }
            });
            return m;
        }

        /** Every index's {@code last_reserved_ip} files on disk now ({@link IndexedAllocations#settle}). */
        public void settle() {
            indexes.values().forEach(IndexedAllocations::settle);
        }

        @Override
        public void close() {
            settle();
            indexes.values().forEach(i -> {
                i.local.lock();
                try {
                    i.closeFiles();
                } finally {
                    i.local.unlock();
                }
            });
            indexes.clear();
        }
    }
}
