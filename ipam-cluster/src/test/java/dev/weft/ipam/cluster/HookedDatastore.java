package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.WatchEvent;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A datastore that runs a hook just before the next write to a matching key, or makes writes fail
 * as a killed process would: before they reach the store, or after (the write landed, the answer
 * was lost). For interleavings and crashes at exact points.
 */
final class HookedDatastore implements Datastore {
    private final Datastore inner;
    private volatile Predicate<String> hookKey = k -> false;
    private volatile Runnable hook;
    private volatile int writesUntilCrash = -1;
    private volatile boolean crashAfter;
    private volatile boolean sticky;
    private volatile boolean dead;
    private volatile Predicate<String> failing = k -> false;
    private volatile Predicate<String> fatal = k -> false;

    HookedDatastore(Datastore inner) {
        this.inner = inner;
    }

    /** Runs {@code action} once, just before the next put or delete of a key {@code key} accepts. */
    void beforeNextWrite(Predicate<String> key, Runnable action) {
        hookKey = key;
        hook = action;
    }

    /** The {@code n}-th write from now (0: the next) fails: before it reaches the store, or after it landed. */
    void failWrite(int n, boolean after) {
        writesUntilCrash = n;
        crashAfter = after;
        sticky = false;
    }

    /** As {@link #failWrite}, and every write after it fails too: the process died there. */
    void dieAtWrite(int n, boolean after) {
        failWrite(n, after);
        sticky = true;
    }

    /** Writes to matching keys fail before they reach the store (until {@link #revive}). */
    void failWritesTo(Predicate<String> key) {
        failing = key;
    }

    /** Once a write to a matching key has landed, the process is dead: that write and every later one fail. */
    void dieAfterWriteTo(Predicate<String> key) {
        fatal = key;
    }

    /** A new process on the same store. */
    synchronized void revive() {
        dead = false;
        writesUntilCrash = -1;
        failing = k -> false;
        fatal = k -> false;
    }

    private boolean crashNow(String key) {
        return crashNow(List.of(key));
    }

    private synchronized boolean crashNow(List<String> keys) {
        if (!dead && keys.stream().anyMatch(failing)) {
            String key = keys.stream().filter(failing).findFirst().orElseThrow();
            throw new dev.weft.store.StoreException("simulated failure writing " + key);
        }
        if (dead) {
            throw new dev.weft.store.StoreException("simulated: the process is dead");
        }
        if (writesUntilCrash < 0) {
            return false;
        }
        boolean now = writesUntilCrash-- == 0;
        if (now && sticky) {
            dead = true;
        }
        return now;
    }

    private void before(String key) {
        Runnable h = hook;
        if (h != null && hookKey.test(key)) {
            hook = null;
            h.run();
        }
    }

    private synchronized boolean landedFatally(String key) {
        if (fatal.test(key)) {
            dead = true;
            return true;
        }
        return false;
    }

    @Override
    public Optional<Entry> get(String key) {
        return inner.get(key);
    }

    @Override
    public List<Entry> list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public Optional<Long> put(String key, byte[] value, long expectedModRevision, long lease) {
        before(key);
        boolean crash = crashNow(key);
        if (crash && !crashAfter) {
            throw new dev.weft.store.StoreException("simulated crash before put " + key);
        }
        Optional<Long> r = inner.put(key, value, expectedModRevision, lease);
        if (crash || landedFatally(key)) {
            throw new dev.weft.store.StoreException("simulated crash after put " + key);
        }
        return r;
    }

    /** The cluster IPAM does not batch; a commit passes through unhooked. */
    @Override
    public long commit(java.util.List<dev.weft.store.Write> batch) {
        return inner.commit(batch);
    }

    /** One guarded commit is one write: hooked, failed or crashed as a whole, matched on any key it writes. */
    @Override
    public Optional<Long> commitIf(List<dev.weft.store.Guard> guards, List<dev.weft.store.Write> batch) {
        List<String> keys = batch.stream().map(dev.weft.store.Write::key).toList();
        keys.forEach(this::before);
        boolean crash = crashNow(keys);
        if (crash && !crashAfter) {
            throw new dev.weft.store.StoreException("simulated crash before commit of " + keys);
        }
        Optional<Long> r = inner.commitIf(guards, batch);
        if (crash || keys.stream().anyMatch(this::landedFatally)) {
            throw new dev.weft.store.StoreException("simulated crash after commit of " + keys);
        }
        return r;
    }

    @Override
    public boolean delete(String key, long expectedModRevision) {
        before(key);
        boolean crash = crashNow(key);
        if (crash && !crashAfter) {
            throw new dev.weft.store.StoreException("simulated crash before delete " + key);
        }
        boolean r = inner.delete(key, expectedModRevision);
        if (crash || landedFatally(key)) {
            throw new dev.weft.store.StoreException("simulated crash after delete " + key);
        }
        return r;
    }

    @Override
    public long grantLease(Duration ttl) {
        return inner.grantLease(ttl);
    }

    @Override
    public boolean renewLease(long lease) {
        return inner.renewLease(lease);
    }

    @Override
    public void revokeLease(long lease) {
        inner.revokeLease(lease);
    }

    @Override
    public long revision() {
        return inner.revision();
    }

    @Override
    public AutoCloseable watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        return inner.watch(prefix, afterRevision, listener);
    }

    @Override
    public void close() {
        inner.close();
    }
}
