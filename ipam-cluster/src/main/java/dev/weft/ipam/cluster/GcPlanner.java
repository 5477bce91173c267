package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.GcPlan.BlockAction;
import dev.weft.ipam.cluster.GcPlan.BlockPlan;
import dev.weft.ipam.cluster.GcPlan.ClearMissing;
import dev.weft.ipam.cluster.GcPlan.HandleFix;
import dev.weft.ipam.cluster.GcPlan.IndexFix;
import dev.weft.ipam.cluster.GcPlan.MarkMissing;
import dev.weft.ipam.cluster.GcPlan.Reason;
import dev.weft.ipam.cluster.GcPlan.Release;
import dev.weft.ipam.cluster.GcPlan.SlotAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The GC decisions, a pure function of a snapshot, the live nodes, the attachment answers (asked
 * after the snapshot was read), the time and the grace period. The rules are in the package notes.
 */
public final class GcPlanner {
    private GcPlanner() {
    }

    public static GcPlan plan(IpamSnapshot snap, Set<String> liveNodes, Map<String, Optional<Set<AttachmentId>>> answers,
                              long now, Duration grace) {
        long graceMs = grace.toMillis();
        Set<String> unknown = new TreeSet<>();
        int[] pending = {0};
        List<BlockPlan> blocks = new ArrayList<>();
        for (Versioned<Block> vb : snap.blocks()) {
            Block b = vb.value();
            List<SlotAction> actions = new ArrayList<>();
            b.slots().forEach((o, s) -> slot(snap, b, o, s, liveNodes, answers, now, graceMs, unknown, pending)
                    .ifPresent(actions::add));
            long released = actions.stream().filter(Release.class::isInstance).count();
            BlockAction ba = blockAction(b, liveNodes, released);
            if (!actions.isEmpty() || ba != BlockAction.NONE) {
                blocks.add(new BlockPlan(vb, actions, ba));
            }
        }
        return new GcPlan(blocks, handleFixes(snap, now, graceMs), indexFixes(snap, liveNodes, now, graceMs), List.copyOf(unknown),
                pending[0]);
    }

    private static Optional<SlotAction> slot(IpamSnapshot snap, Block b, int o, Slot s, Set<String> live,
                                             Map<String, Optional<Set<AttachmentId>>> answers, long now, long grace,
                                             Set<String> unknown, int[] pending) {
        if (!live.contains(s.node())) {
            return Optional.of(new Release(o, s, Reason.NODE_REMOVED));
        }
        if (s.reserved()) {
            return Optional.empty(); // a live node's reservation: its agent's journal may have handed it out already
        }
        if (snap.corrupt().contains(IpamKeys.handle(s.attachment()))) {
            return Optional.empty(); // cannot tell whether it is committed: leave it
        }
        Optional<Set<AttachmentId>> there = answers.getOrDefault(s.node(), Optional.empty());
        if (there.isEmpty()) {
            unknown.add(s.node());
            return Optional.empty();
        }
        boolean exists = there.get().contains(s.attachment());
        if (!snap.committed(b, o, s)) {
            if (now - s.allocatedAt() < grace) {
                pending[0]++;
                return Optional.empty(); // an ADD between its block write and its handle write
            }
            boolean superseded = Optional.ofNullable(snap.handles().get(s.attachment()))
                    .flatMap(h -> h.value().inPool(b.pool())).isPresent();
            // never recorded, so never returned by an ADD: no pod uses it. Kept while its attachment
            // exists without another address in the pool, in case the handle was lost (check reports it).
            return superseded || !exists ? Optional.of(new Release(o, s, Reason.UNCOMMITTED)) : Optional.empty();
        }
        if (exists) {
            return s.missingSince().isPresent() ? Optional.of(new ClearMissing(o, s)) : Optional.empty();
        }
        if (s.missingSince().isEmpty()) {
            return Optional.of(new MarkMissing(o, s));
        }
        return now - s.missingSince().getAsLong() >= grace ? Optional.of(new Release(o, s, Reason.ATTACHMENT_GONE))
                : Optional.empty();
    }

    private static BlockAction blockAction(Block b, Set<String> live, long released) {
        boolean orphaned = b.affinity().filter(n -> !live.contains(n)).isPresent();
        if (orphaned) {
            return b.slots().size() == released ? BlockAction.DELETE : BlockAction.CLEAR_AFFINITY;
        }
        if (b.slots().isEmpty()) {
            return b.emptySince().isPresent() ? BlockAction.DELETE : BlockAction.MARK_EMPTY;
        }
        return BlockAction.NONE;
    }

    /**
     * Handle entries their block does not confirm, and that can no longer become confirmed: the
     * block has issued that sequence number already (the write that would confirm it lost its race
     * or was undone), or the entry is older than the grace period. A young entry of a block that
     * has not issued its sequence number yet is an ADD under way (handle and block are written at once).
     */
    private static List<HandleFix> handleFixes(IpamSnapshot snap, long now, long grace) {
        Set<String> corrupt = new HashSet<>(snap.corrupt());
        List<HandleFix> out = new ArrayList<>();
        for (Versioned<Handle> vh : snap.handles().values()) {
            Handle h = vh.value();
            List<HandleAddress> stale = h.addresses().stream()
                    .filter(a -> !corrupt.contains(IpamKeys.block(a.pool(), a.block())))
                    .filter(a -> {
                        Optional<Block> b = snap.block(a.pool(), a.block()).map(Versioned::value);
                        boolean confirmed = b.flatMap(x -> x.slot(a.ip())).map(s -> s.is(h.attachment(), a.seq()))
                                .orElse(false);
                        boolean settled = b.map(x -> x.nextSeq() > a.seq()).orElse(false) || now - a.at() >= grace;
                        return !confirmed && settled;
                    })
                    .toList();
            if (!stale.isEmpty() || h.addresses().isEmpty()) {
                out.add(new HandleFix(vh, stale));
            }
        }
        return out;
    }

    private static List<IndexFix> indexFixes(IpamSnapshot snap, Set<String> live, long now, long grace) {
        List<IndexFix> out = new ArrayList<>();
        Set<String> indexed = new HashSet<>();
        for (IpamSnapshot.Affinity a : snap.affinities()) {
            indexed.add(a.key());
            boolean holds = snap.block(a.pool(), a.block()).flatMap(b -> b.value().affinity())
                    .filter(a.node()::equals).isPresent();
            boolean gone = !live.contains(a.node());
            // a claim writes the index first: a young entry without its block may be a claim under way
            if (gone || (!holds && now - a.claimedAt() >= grace)) {
                out.add(new IndexFix(a.node(), a.pool(), a.block(), false, a.modRevision()));
            }
        }
        for (Versioned<Block> vb : snap.blocks()) {
            Block b = vb.value();
            b.affinity().filter(live::contains)
                    .filter(n -> !indexed.contains(IpamKeys.affinity(n, b.pool(), b.cidr())))
                    .ifPresent(n -> out.add(new IndexFix(n, b.pool(), b.cidr(), true, 0)));
        }
        return out;
    }
}
