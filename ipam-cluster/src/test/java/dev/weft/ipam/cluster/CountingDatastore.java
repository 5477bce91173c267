package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.WatchEvent;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A datastore that counts the round trips made through it. */
public final class CountingDatastore implements Datastore {
    private final Datastore inner;
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();

    public CountingDatastore(Datastore inner) {
        this.inner = inner;
    }

    public void reset() {
        reads.set(0);
        writes.set(0);
    }

    @Override
    public Optional<Entry> get(String key) {
        reads.incrementAndGet();
        return inner.get(key);
    }

    @Override
    public List<Entry> list(String prefix) {
        reads.incrementAndGet();
        return inner.list(prefix);
    }

    @Override
    public Optional<Long> put(String key, byte[] value, long expectedModRevision, long lease) {
        writes.incrementAndGet();
        return inner.put(key, value, expectedModRevision, lease);
    }

    @Override
    public boolean delete(String key, long expectedModRevision) {
        writes.incrementAndGet();
        return inner.delete(key, expectedModRevision);
    }

    @Override
    public long commit(java.util.List<dev.weft.store.Write> batch) {
        writes.incrementAndGet();
        return inner.commit(batch);
    }

    @Override
    public Optional<Long> commitIf(List<dev.weft.store.Guard> guards, List<dev.weft.store.Write> batch) {
        writes.incrementAndGet();
        return inner.commitIf(guards, batch);
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
        reads.incrementAndGet();
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
