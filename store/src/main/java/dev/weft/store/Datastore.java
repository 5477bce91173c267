package dev.weft.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A key-value store with revisions, CAS, leases and watches (the subset of etcd weft uses).
 * Revisions are store-wide and increase with every change.
 */
public interface Datastore extends AutoCloseable {
    /** {@code expectedModRevision} meaning "the key must not exist". */
    long ABSENT = 0;
    /** {@code expectedModRevision} meaning "whatever is there". */
    long ANY = -1;

    Optional<Entry> get(String key);

    /** Entries whose key starts with {@code prefix}, in key order. */
    List<Entry> list(String prefix);

    /**
     * Writes {@code value} if the key's mod revision is {@code expectedModRevision}
     * ({@link #ABSENT}, {@link #ANY} or a revision), attached to {@code lease} (0: none).
     * Returns the new revision, or empty when the comparison failed.
     */
    Optional<Long> put(String key, byte[] value, long expectedModRevision, long lease);

    /** Deletes the key if its mod revision matches ({@link #ANY} for any); false when it did not. */
    boolean delete(String key, long expectedModRevision);

    /**
     * Applies {@code writes} (each key at most once) as one change: all or none, every written key
     * at the same new revision, watchers told of each. Returns that revision (the current one when
     * nothing changed). The embedded store always does this in one step; etcd in one transaction up
     * to its request limits and otherwise in several, undoing the committed ones when a later one
     * fails (see {@code EtcdDatastore}). Throws {@link IllegalArgumentException} for a key written twice,
     * {@link StoreException} when the store failed (then nothing is left written, but for a crash
     * between etcd transactions).
     */
    long commit(List<Write> writes);

    /**
     * A compare-and-swap over several keys: applies {@code writes} (each key at most once) as one
     * change, like {@link #commit}, only if every guard holds at that moment; returns the new
     * revision (the current one when {@code writes} is empty), or empty when a guard failed and
     * nothing was written. Always one step (on etcd, one transaction), so guards and writes
     * together are limited to {@link #MAX_GUARDED_OPS}: more throws {@link IllegalArgumentException}.
     */
    Optional<Long> commitIf(List<Guard> guards, List<Write> writes);

    /** Guards plus writes of one {@link #commitIf} (within etcd's default {@code --max-txn-ops} of 128). */
    int MAX_GUARDED_OPS = 64;

    /** Grants a lease that expires {@code ttl} after its last renewal. */
    long grantLease(Duration ttl);

    /** Renews a lease; false when it has already expired (its keys are gone). */
    boolean renewLease(long lease);

    /** Revokes a lease now, deleting its keys. */
    void revokeLease(long lease);

    /** The store's current revision. */
    long revision();

    /**
     * Calls {@code listener} for every change under {@code prefix} after {@code afterRevision}, in
     * order, until the returned handle is closed. Throws {@link StoreException.Compacted} when that
     * history is gone.
     */
    AutoCloseable watch(String prefix, long afterRevision, Consumer<WatchEvent> listener);

    @Override
    void close();
}
