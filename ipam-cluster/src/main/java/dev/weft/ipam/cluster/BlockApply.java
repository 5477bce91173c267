package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.GcPlan.BlockAction;
import dev.weft.ipam.cluster.GcPlan.BlockPlan;
import dev.weft.ipam.cluster.GcPlan.ClearMissing;
import dev.weft.ipam.cluster.GcPlan.MarkMissing;
import dev.weft.ipam.cluster.GcPlan.Release;
import dev.weft.ipam.cluster.GcPlan.SlotAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One block's part of a GC plan, written by compare-and-swap. The first attempt writes at the
 * revision the plan was made from; after a lost race the block is read again and each slot action
 * is applied only where the slot still holds the same attachment and sequence number. A block
 * seen empty twice is deleted only if nothing at all was written to it since the snapshot.
 */
final class BlockApply {
    /** What was done: the block as written (or as found), the slot actions applied, the block action taken. */
    record Outcome(Block block, List<SlotAction> applied, BlockAction action) {
    }

    private final IpamStore store;
    private final BlockPlan plan;
    private final Set<String> live;
    private final long now;

    BlockApply(IpamStore store, BlockPlan plan, Set<String> live, long now) {
        this.store = store;
        this.plan = plan;
        this.live = live;
        this.now = now;
    }

    Optional<Outcome> attempt(int attempt) {
        Block planned = plan.block().value();
        Optional<Versioned<Block>> read = attempt == 0 ? Optional.of(plan.block()) : store.block(planned.pool(), planned.cidr());
        if (read.isEmpty()) {
            return Optional.of(new Outcome(planned, List.of(), BlockAction.NONE));
        }
        Versioned<Block> cur = read.get();
        Block next = cur.value();
        List<SlotAction> applied = new ArrayList<>();
        for (SlotAction a : plan.slots()) {
            Slot s = next.slots().get(a.ordinal());
            if (s == null || !s.is(a.slot().attachment(), a.slot().seq())) {
                continue; // released, or released and allocated again, since the snapshot
            }
            next = switch (a) {
                case Release r -> next.release(r.ordinal(), s.attachment(), s.seq()).orElseThrow();
                case MarkMissing m -> s.missingSince().isPresent() ? next
                        : next.withSlot(m.ordinal(), s.missingSince(OptionalLong.of(now)));
                case ClearMissing c -> next.withSlot(c.ordinal(), s.missingSince(OptionalLong.empty()));
            };
            applied.add(a);
        }
        BlockAction action = BlockAction.NONE;
        boolean sameHolder = next.affinity().equals(planned.affinity());
        boolean orphaned = planned.affinity().filter(n -> !live.contains(n)).isPresent();
        switch (plan.action()) {
            case MARK_EMPTY -> {
                if (next.slots().isEmpty() && next.emptySince().isEmpty()) {
                    next = next.withEmptySince(OptionalLong.of(now));
                    action = BlockAction.MARK_EMPTY;
                }
            }
            case DELETE, CLEAR_AFFINITY -> {
                boolean unchanged = cur.modRevision() == plan.block().modRevision();
                if (next.slots().isEmpty() && (orphaned ? sameHolder : unchanged)) {
                    action = BlockAction.DELETE;
                } else if (orphaned && sameHolder) {
                    next = next.withAffinity(Optional.empty());
                    action = BlockAction.CLEAR_AFFINITY;
                }
            }
            case NONE -> { }
        }
        Outcome out = new Outcome(next, applied, action);
        if (action == BlockAction.DELETE) {
            return store.deleteBlock(cur.value(), cur.modRevision()) ? Optional.of(out) : Optional.empty();
        }
        if (next.equals(cur.value())) {
            return Optional.of(out);
        }
        return store.putBlock(next, cur.modRevision()).isPresent() ? Optional.of(out) : Optional.empty();
    }
}
