package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;

import java.util.List;

/** What one GC pass decided, before (or instead of, for a dry run) doing it. Pure data. */
public record GcPlan(List<BlockPlan> blocks, List<HandleFix> handles, List<IndexFix> index, List<String> unknownNodes,
                     int pending) {
    public GcPlan {
        blocks = List.copyOf(blocks);
        handles = List.copyOf(handles);
        index = List.copyOf(index);
        unknownNodes = List.copyOf(unknownNodes);
    }

    /** Why an allocation is released. */
    public enum Reason {
        /** Its node is no longer in the cluster: released at once. */
        NODE_REMOVED,
        /** Its attachment was seen missing on its node, and still is a grace period later. */
        ATTACHMENT_GONE,
        /** Never recorded in its handle (an ADD died between its two writes) and older than the grace period. */
        UNCOMMITTED
    }

    /** What happens to one slot: identified by ordinal, attachment and sequence number, so a re-allocated address is never touched. */
    public sealed interface SlotAction {
        int ordinal();

        Slot slot();
    }

    /** Free the slot. */
    public record Release(int ordinal, Slot slot, Reason reason) implements SlotAction {
    }

    /** First sighting of a missing attachment: remember when, release a grace period later. */
    public record MarkMissing(int ordinal, Slot slot) implements SlotAction {
    }

    /** The attachment is back (or was only briefly unseen): forget the sighting. */
    public record ClearMissing(int ordinal, Slot slot) implements SlotAction {
    }

    /** What happens to the block itself. */
    public enum BlockAction { NONE, MARK_EMPTY, DELETE, CLEAR_AFFINITY }

    /** A block as read, what to do to its slots, and to it. */
    public record BlockPlan(Versioned<Block> block, List<SlotAction> slots, BlockAction action) {
        public BlockPlan {
            slots = List.copyOf(slots);
        }
    }

    /** Handle entries naming an allocation their block does not hold: removed (the handle too when nothing is left). */
    public record HandleFix(Versioned<Handle> handle, List<HandleAddress> stale) {
        public HandleFix {
            stale = List.copyOf(stale);
        }
    }

    /** An affinity index entry to remove (stale), or to add (a held block the index lost). */
    public record IndexFix(String node, String pool, Cidr block, boolean add, long expectedRevision) {
    }

    public List<Release> releases() {
        return blocks.stream().flatMap(b -> b.slots().stream())
                .filter(Release.class::isInstance).map(Release.class::cast).toList();
    }
}
