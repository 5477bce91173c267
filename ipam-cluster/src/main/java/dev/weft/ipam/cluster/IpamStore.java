package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.Guard;
import dev.weft.store.StoreException;
import dev.weft.store.Write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Typed reads and compare-and-swap writes of IPAM records; a datastore failure becomes
 * {@link IpamError#STORE_UNAVAILABLE}. A write returns the new mod revision, or empty when the
 * comparison failed (someone else wrote first).
 *
 * <p>Handles as this process last read or wrote them are kept, with their revisions, for the
 * guarded commits of an ADD (block and handle in one transaction) and a DEL (blocks freed and
 * handle deleted in one): a cached handle is only the revision to compare against, so a stale one
 * costs a failed commit and a read, never a wrong write.
 */
final class IpamStore {
    /** Beyond this many cached handles the cache starts again empty (it is only a guess). */
    private static final int HANDLE_CACHE = 16_384;

    /** A block's next state and the mod revision it must still have ({@link Datastore#ABSENT}: created). */
    record BlockWrite(Block next, long expected) {
    }

    /** A handle's next state and the mod revision it must still have ({@link Datastore#ABSENT}: created). */
    record HandleWrite(Handle next, long expected) {
    }

    private final Datastore store;
    private final Map<AttachmentId, Versioned<Handle>> handles = new ConcurrentHashMap<>();

    IpamStore(Datastore store) {
        this.store = store;
    }

    Datastore raw() {
        return store;
    }

    private static <T> T io(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (StoreException e) {
            throw new IpamException(IpamError.STORE_UNAVAILABLE, what, "datastore unavailable (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    private static OptionalLong rev(Optional<Long> r) {
        return r.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    Optional<Versioned<PoolSet>> pools() {
        return io(IpamKeys.POOLS, () -> store.get(IpamKeys.POOLS))
                .map(e -> new Versioned<>(IpamJson.pools(e.key(), e.value()), e.modRevision()));
    }

    OptionalLong putPools(PoolSet set, long expected) {
        return rev(io(IpamKeys.POOLS, () -> store.put(IpamKeys.POOLS, IpamJson.pools(set), expected, 0)));
    }

    Optional<Versioned<Block>> block(String pool, Cidr cidr) {
        String key = IpamKeys.block(pool, cidr);
        return io(key, () -> store.get(key)).map(IpamStore::block);
    }

    static Versioned<Block> block(Entry e) {
        return new Versioned<>(IpamJson.block(e.key(), e.value()), e.modRevision());
    }

    List<Versioned<Block>> blocks(String pool) {
        String prefix = IpamKeys.blocksOf(pool);
        return io(prefix, () -> store.list(prefix)).stream().map(IpamStore::block).toList();
    }

    List<Versioned<Block>> allBlocks() {
        return io(IpamKeys.BLOCKS, () -> store.list(IpamKeys.BLOCKS)).stream().map(IpamStore::block).toList();
    }

    OptionalLong putBlock(Block b, long expected) {
        String key = IpamKeys.block(b.pool(), b.cidr());
        return rev(io(key, () -> store.put(key, IpamJson.block(b), expected, 0)));
    }

    boolean deleteBlock(Block b, long expected) {
        String key = IpamKeys.block(b.pool(), b.cidr());
        return io(key, () -> store.delete(key, expected));
    }

    Optional<Versioned<Handle>> handle(AttachmentId a) {
        String key = IpamKeys.handle(a);
        Optional<Versioned<Handle>> h = io(key, () -> store.get(key))
                .map(e -> new Versioned<>(IpamJson.handle(e.key(), e.value()), e.modRevision()));
        h.ifPresentOrElse(v -> remember(a, v), () -> handles.remove(a));
        return h;
    }

    /** The handle as this process last read or wrote it; empty when it knows none (there may be one). */
    Optional<Versioned<Handle>> cachedHandle(AttachmentId a) {
        return Optional.ofNullable(handles.get(a));
    }

    private void remember(AttachmentId a, Versioned<Handle> h) {
        if (handles.size() >= HANDLE_CACHE) {
            handles.clear();
        }
        handles.put(a, h);
    }

    OptionalLong putHandle(Handle h, long expected) {
        String key = IpamKeys.handle(h.attachment());
        handles.remove(h.attachment());
        OptionalLong rev = rev(io(key, () -> store.put(key, IpamJson.handle(h), expected, 0)));
        rev.ifPresent(r -> remember(h.attachment(), new Versioned<>(h, r)));
        return rev;
    }

    boolean deleteHandle(AttachmentId a, long expected) {
        String key = IpamKeys.handle(a);
        handles.remove(a);
        return io(key, () -> store.delete(key, expected));
    }

    /**
     * An ADD's one write: the block with the new allocation and the handle naming it, in one
     * transaction guarded by both mod revisions ({@link Datastore#ABSENT} for a new block or handle).
     */
    OptionalLong putBlockAndHandle(Block b, long blockExpected, Handle h, long handleExpected) {
        String bk = IpamKeys.block(b.pool(), b.cidr());
        String hk = IpamKeys.handle(h.attachment());
        handles.remove(h.attachment());
        OptionalLong rev = rev(io(bk, () -> store.commitIf(List.of(new Guard(bk, blockExpected), new Guard(hk, handleExpected)),
                List.of(Write.put(bk, IpamJson.block(b)), Write.put(hk, IpamJson.handle(h))))));
        rev.ifPresent(r -> remember(h.attachment(), new Versioned<>(h, r)));
        return rev;
    }

    /**
     * A write-back's one write ({@link ReservedLane}): the block with reservations given to their
     * attachments and each attachment's handle, in one transaction guarded by every mod revision.
     */
    OptionalLong putBlockAndHandles(Block b, long blockExpected, List<HandleWrite> hs) {
        String bk = IpamKeys.block(b.pool(), b.cidr());
        List<Guard> guards = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        guards.add(new Guard(bk, blockExpected));
        writes.add(Write.put(bk, IpamJson.block(b)));
        for (HandleWrite w : hs) {
            String hk = IpamKeys.handle(w.next().attachment());
            guards.add(new Guard(hk, w.expected()));
            writes.add(Write.put(hk, IpamJson.handle(w.next())));
            handles.remove(w.next().attachment());
        }
        OptionalLong rev = rev(io(bk, () -> store.commitIf(guards, writes)));
        rev.ifPresent(r -> hs.forEach(w -> remember(w.next().attachment(), new Versioned<>(w.next(), r))));
        return rev;
    }

    /** Caches a handle read elsewhere (a snapshot) for the guarded commits. */
    void rememberHandle(Versioned<Handle> h) {
        remember(h.value().attachment(), h);
    }

    /**
     * A DEL's one write: every block with the attachment's slots freed and the handle deleted, in one
     * transaction guarded by every block's and the handle's mod revision.
     */
    OptionalLong releaseAndDeleteHandle(List<BlockWrite> blocks, AttachmentId a, long handleExpected) {
        String hk = IpamKeys.handle(a);
        List<Guard> guards = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        for (BlockWrite w : blocks) {
            String bk = IpamKeys.block(w.next().pool(), w.next().cidr());
            guards.add(new Guard(bk, w.expected()));
            writes.add(Write.put(bk, IpamJson.block(w.next())));
        }
        guards.add(new Guard(hk, handleExpected));
        writes.add(Write.delete(hk));
        handles.remove(a);
        return rev(io(hk, () -> store.commitIf(guards, writes)));
    }

    /** The blocks the affinity index lists for {@code node} in {@code pool} (a hint: the block's own affinity decides). */
    List<Cidr> affinities(String node, String pool) {
        String prefix = IpamKeys.affinityOf(node, pool);
        return io(prefix, () -> store.list(prefix)).stream()
                .map(e -> IpamKeys.parseCidr(e.key().substring(prefix.length()))).toList();
    }

    void putAffinity(String node, String pool, Cidr cidr, long now) {
        String key = IpamKeys.affinity(node, pool, cidr);
        io(key, () -> store.put(key, IpamJson.affinity(now), Datastore.ANY, 0));
    }

    boolean deleteAffinity(String key, long expected) {
        return io(key, () -> store.delete(key, expected));
    }

    List<Entry> list(String prefix) {
        return io(prefix, () -> store.list(prefix));
    }

    long revision() {
        return io("revision", store::revision);
    }

    IpamSnapshot snapshot() {
        return IpamSnapshot.of(io(IpamKeys.ROOT, () -> store.list(IpamKeys.ROOT)));
    }
}
