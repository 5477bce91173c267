package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.StoreException;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Typed reads and compare-and-swap writes of IPAM records; a datastore failure becomes
 * {@link IpamError#STORE_UNAVAILABLE}. A write returns the new mod revision, or empty when the
 * comparison failed (someone else wrote first).
 */
final class IpamStore {
    private final Datastore store;

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
        return io(key, () -> store.get(key)).map(e -> new Versioned<>(IpamJson.handle(e.key(), e.value()), e.modRevision()));
    }

    OptionalLong putHandle(Handle h, long expected) {
        String key = IpamKeys.handle(h.attachment());
        return rev(io(key, () -> store.put(key, IpamJson.handle(h), expected, 0)));
    }

    boolean deleteHandle(AttachmentId a, long expected) {
        String key = IpamKeys.handle(a);
        return io(key, () -> store.delete(key, expected));
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
