package dev.weft.node.metrics;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.Guard;
import dev.weft.store.WatchEvent;
import dev.weft.store.Write;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link Datastore} that times every request into {@link NodeMetrics} and counts the ones that
 * threw. A failed comparison (a lost CAS, an expired lease) is an answer, not an error. Watches are
 * counted when opened, not per event. Closing it closes the store it wraps.
 */
public final class TimedDatastore implements Datastore {
    private final Datastore store;
    private final NodeMetrics metrics;

    public TimedDatastore(Datastore store, NodeMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Optional<Entry> get(String key) {
        return timed("get", () -> store.get(key));
    }

    @Override
    public List<Entry> list(String prefix) {
        return timed("list", () -> store.list(prefix));
    }

    @Override
    public Optional<Long> put(String key, byte[] value, long expectedModRevision, long lease) {
        return timed("put", () -> store.put(key, value, expectedModRevision, lease));
    }

    @Override
    public boolean delete(String key, long expectedModRevision) {
        return timed("delete", () -> store.delete(key, expectedModRevision));
    }

    @Override
    public long commit(List<Write> writes) {
        return timed("commit", () -> store.commit(writes));
    }

    @Override
    public Optional<Long> commitIf(List<Guard> guards, List<Write> writes) {
        return timed("commit_if", () -> store.commitIf(guards, writes));
    }

    @Override
    public long grantLease(Duration ttl) {
        return timed("grant_lease", () -> store.grantLease(ttl));
    }

    @Override
    public boolean renewLease(long lease) {
        return timed("renew_lease", () -> store.renewLease(lease));
    }

    @Override
    public void revokeLease(long lease) {
        timed("revoke_lease", () -> {
            store.revokeLease(lease);
            return null;
        });
    }

    @Override
    public long revision() {
        return timed("revision", store::revision);
    }

    @Override
    public AutoCloseable watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        return timed("watch", () -> store.watch(prefix, afterRevision, listener));
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(String op, Supplier<T> call) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            T result = call.get();
            ok = true;
            return result;
        } finally {
            metrics.recordDatastore(op, ok, System.nanoTime() - t0);
        }
    }
}
