package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.store.Datastore;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One allocation written into one block by compare-and-swap at the revision the caller read,
 * with the ADD's handle in the same transaction ({@link HandleDraft}): one round trip, one commit.
 * A failed commit re-reads the block into the cache: if the re-read shows this very allocation
 * (the commit did land, its answer was lost), it counts as placed, handle included; if the block
 * is as the caller read it, the handle was what changed, and it is read for the next attempt.
 */
final class BlockWrites {
    private final IpamStore store;
    private final BlockCache cache;

    BlockWrites(IpamStore store, BlockCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /** Allocates {@code ordinal} of {@code current} (read at its revision; ABSENT to create) to the request. */
    Step allocate(AllocationRequest r, Pool pool, Block current, long expected, int ordinal, long now, HandleDraft draft) {
        Block next = current.allocate(ordinal, r.attachment(), r.pod(), r.node(), now);
        long seq = next.slots().get(ordinal).seq();
        HandleAddress address = new HandleAddress(next.address(ordinal), pool.name(), next.cidr(), seq, now);
        OptionalLong rev = store.putBlockAndHandle(next, expected, draft.with(address), draft.revision());
        if (rev.isPresent()) {
            cache.remember(new Versioned<>(next, rev.getAsLong()));
            draft.written(address, rev.getAsLong());
            return Step.placed(placed(pool, next, ordinal, seq, r.node()));
        }
        Optional<Versioned<Block>> fresh = cache.reread(pool.name(), current.cidr());
        boolean landed = fresh.map(vb -> vb.value().slots().get(ordinal))
                .map(s -> s.is(r.attachment(), seq)).orElse(false);
        if (landed) {
            draft.written(address, fresh.get().modRevision());
            return Step.placed(placed(pool, fresh.get().value(), ordinal, seq, r.node()));
        }
        long seen = fresh.map(Versioned::modRevision).orElse(Datastore.ABSENT);
        if (seen == expected) {
            draft.reload(); // the block was as read: the handle's revision failed the commit
        }
        return Step.CONFLICT;
    }

    static Placed placed(Pool pool, Block b, int ordinal, long seq, String node) {
        return new Placed(pool, b.cidr(), b.address(ordinal), seq, b.affinity().filter(node::equals).isEmpty());
    }

    /** Frees the allocation {@code (attachment, seq)} at {@code ordinal}: true freed, false not there, empty lost a race. */
    Optional<Boolean> release(String pool, Cidr cidr, int ordinal, AttachmentId attachment, long seq) {
        Optional<Versioned<Block>> cur = cache.getOrRead(pool, cidr);
        if (cur.isEmpty()) {
            return Optional.of(false);
        }
        Optional<Block> next = cur.get().value().release(ordinal, attachment, seq);
        if (next.isEmpty()) {
            // the cache may be stale: only a fresh read may say "not there"
            Optional<Versioned<Block>> fresh = cache.reread(pool, cidr);
            if (fresh.isEmpty() || fresh.get().modRevision() == cur.get().modRevision()
                    || fresh.get().value().release(ordinal, attachment, seq).isEmpty()) {
                return Optional.of(false);
            }
            return Optional.empty();
        }
        OptionalLong rev = store.putBlock(next.get(), cur.get().modRevision());
        if (rev.isPresent()) {
            cache.remember(new Versioned<>(next.get(), rev.getAsLong()));
            return Optional.of(true);
        }
        cache.reread(pool, cidr);
        return Optional.empty();
    }
}
