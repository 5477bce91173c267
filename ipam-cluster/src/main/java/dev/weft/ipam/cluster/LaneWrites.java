package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.LaneCtx.Held;
import dev.weft.ipam.cluster.LaneCtx.Reserved;
import dev.weft.net.Cidr;
import dev.weft.store.Datastore;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The datastore side of a {@link ReservedLane}, every write a compare-and-swap under the node's
 * lock: reserving addresses in the node's own blocks (one transaction per block), giving unused
 * ones back, and writing handed-out ones back as their attachments' allocations (the block and
 * every handle in one guarded transaction per block).
 */
final class LaneWrites {
    private static final System.Logger LOG = System.getLogger(LaneWrites.class.getName());

    private final LaneCtx ctx;
    private final String node;

    LaneWrites(LaneCtx ctx, String node) {
        this.ctx = ctx;
        this.node = node;
    }

    /**
     * Reserves up to {@code n} addresses of the node's own blocks of {@code pool} (never-used
     * first, then the longest-freed, as an ADD would pick); never claims a block (the store's path
     * does that, so reservations never take a block another node could claim). A lost race
     * reserves less this time.
     */
    List<Reserved> reserve(Pool pool, int n) {
        return ctx.locks().locked(node, pool.name(), () -> {
            List<Reserved> got = new ArrayList<>();
            for (Cidr c : List.copyOf(ctx.cache().affine(node, pool.name(), false))) {
                if (got.size() >= n) {
                    break;
                }
                Optional<Versioned<Block>> vb = ctx.cache().get(pool.name(), c);
                if (vb.isEmpty() || vb.get().value().affinity().filter(node::equals).isEmpty()) {
                    continue;
                }
                List<Reserved> here = new ArrayList<>();
                Block next = vb.get().value();
                BitSet reserved = pool.reserved(c);
                long now = ctx.now();
                for (OptionalInt o = next.pick(reserved); o.isPresent() && got.size() + here.size() < n; o = next.pick(reserved)) {
                    here.add(new Reserved(pool.name(), c, next.address(o.getAsInt()), next.nextSeq()));
                    next = next.reserve(o.getAsInt(), node, now);
                }
                if (here.isEmpty()) {
                    continue;
                }
                OptionalLong rev = ctx.store().putBlock(next, vb.get().modRevision());
                if (rev.isPresent()) {
                    ctx.cache().remember(new Versioned<>(next, rev.getAsLong()));
                    got.addAll(here);
                } else {
                    ctx.cache().reread(pool.name(), c);
                }
            }
            return got;
        });
    }

    /** Frees unused reservations of one block (given back, or no longer wanted); those not found are gone already. */
    void unreserve(String pool, Cidr block, List<Reserved> rs) {
        ctx.locks().locked(node, pool, () -> ctx.retry().run("give back reservations in " + block, attempt -> {
            Optional<Versioned<Block>> vb = attempt == 0 ? ctx.cache().getOrRead(pool, block) : ctx.cache().reread(pool, block);
            if (vb.isEmpty()) {
                return Optional.of(true);
            }
            Block next = vb.get().value();
            for (Reserved r : rs) {
                next = next.release(r.ordinal(), Slot.reservationOf(node), r.seq()).orElse(next);
            }
            if (next.equals(vb.get().value())) {
                return Optional.of(true);
            }
            Block written = next;
            OptionalLong rev = ctx.store().putBlock(written, vb.get().modRevision());
            rev.ifPresent(r -> ctx.cache().remember(new Versioned<>(written, r)));
            return rev.isPresent() ? Optional.of(true) : Optional.<Boolean>empty();
        }));
    }

    /**
     * Writes the handed-out addresses of one block back: each slot, still the node's reservation
     * under the entry's sequence number, becomes the attachment's, and each attachment's handle
     * names it; all in one transaction. Marks each entry written (or lost: its slot was released
     * meanwhile, which only a node removal or a forced pool delete does).
     */
    void writeBack(String pool, Cidr block, List<Held> hs) {
        ctx.locks().locked(node, pool, () -> ctx.retry().run("write back " + hs.size() + " address(es) of " + block,
                attempt -> attempt(pool, block, hs, attempt)));
    }

    private Optional<Boolean> attempt(String pool, Cidr block, List<Held> hs, int attempt) {
        Optional<Versioned<Block>> vb = attempt == 0 ? ctx.cache().getOrRead(pool, block) : ctx.cache().reread(pool, block);
        Block next = vb.map(Versioned::value).orElse(null);
        List<IpamStore.HandleWrite> handles = new ArrayList<>();
        List<Held> doing = new ArrayList<>();
        for (Held h : hs) {
            JournalEntry e = h.entry;
            Optional<Slot> s = next == null ? Optional.empty() : Optional.ofNullable(next.slots().get(e.ordinal()));
            if (s.filter(x -> x.is(e.attachment(), e.seq()) && !x.reserved()).isPresent()) {
                h.written = true; // landed before, its answer lost
                continue;
            }
            Optional<Block> assigned = next == null ? Optional.empty()
                    : next.assign(e.ordinal(), e.seq(), node, e.attachment(), e.pod(), e.at());
            if (assigned.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "IPAM write-back: " + e.ip() + " of " + e.attachment()
                        + " is no longer node " + node + "'s reservation (the node was removed, or the pool deleted)");
                h.written = true;
                continue;
            }
            next = assigned.get();
            Optional<Versioned<Handle>> cur = attempt == 0 ? ctx.store().cachedHandle(e.attachment())
                    : ctx.store().handle(e.attachment());
            Handle h2 = cur.map(v -> v.value().with(e.handleAddress()))
                    .orElseGet(() -> new Handle(e.attachment(), e.pod(), node, List.of(e.handleAddress())));
            handles.add(new IpamStore.HandleWrite(h2, cur.map(Versioned::modRevision).orElse(Datastore.ABSENT)));
            doing.add(h);
        }
        if (doing.isEmpty()) {
            return Optional.of(true);
        }
        OptionalLong rev = ctx.store().putBlockAndHandles(next, vb.get().modRevision(), handles);
        if (rev.isEmpty()) {
            return Optional.empty();
        }
        ctx.cache().remember(new Versioned<>(next, rev.getAsLong()));
        doing.forEach(h -> h.written = true);
        return Optional.of(true);
    }
}
