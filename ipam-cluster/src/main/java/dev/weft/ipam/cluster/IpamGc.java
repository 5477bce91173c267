package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.GcPlan.BlockAction;
import dev.weft.ipam.cluster.GcPlan.BlockPlan;
import dev.weft.ipam.cluster.GcPlan.HandleFix;
import dev.weft.ipam.cluster.GcPlan.IndexFix;
import dev.weft.ipam.cluster.GcPlan.Release;
import dev.weft.net.Cidr;
import dev.weft.store.Datastore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code weft ipam gc [--dry-run]} and the agent's GC loop: reads a snapshot, then asks the
 * {@link AttachmentSource} about each node, plans with {@link GcPlanner}, and applies the plan
 * block by block, each a compare-and-swap at the revision it planned from. When a block changed
 * meanwhile, the plan is re-applied to the fresh block only for allocations whose ordinal,
 * attachment and sequence number are all unchanged: an address released and allocated again
 * between GC's read and its write survives.
 */
public final class IpamGc {
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

    private final IpamStore store;
    private final AttachmentSource source;
    private final Clock clock;
    private final Duration grace;
    private final Retry retry;

    public IpamGc(Datastore datastore, AttachmentSource source, Clock clock, Duration grace) {
        this(datastore, source, clock, grace, IpamOptions.defaults());
    }

    public IpamGc(Datastore datastore, AttachmentSource source, Clock clock, Duration grace, IpamOptions options) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.store = new IpamStore(datastore);
        this.source = source;
        this.clock = clock;
        this.grace = grace;
        this.retry = new Retry(options);
    }

    /**
     * One pass. {@code liveNodes} must come from an authoritative list of the cluster's nodes: an
     * allocation of any other node is released at once. An empty set while allocations exist is
     * refused rather than taken to mean "every node is gone".
     */
    public GcReport run(Set<String> liveNodes, boolean dryRun) {
        IpamSnapshot snap = store.snapshot();
        if (liveNodes.isEmpty() && (!snap.blocks().isEmpty() || !snap.affinities().isEmpty())) {
            throw new IpamException(IpamError.INVALID_ARGUMENT, "liveNodes", "the live node list is empty while "
                    + snap.blocks().size() + " block(s) exist: refusing to release every allocation");
        }
        Map<String, Optional<Set<AttachmentId>>> answers = new HashMap<>();
        for (Versioned<Block> vb : snap.blocks()) {
            vb.value().slots().values().stream().map(Slot::node).filter(liveNodes::contains)
                    .forEach(n -> answers.computeIfAbsent(n, this::ask));
        }
        long now = clock.millis();
        GcPlan plan = GcPlanner.plan(snap, liveNodes, answers, now, grace);
        return dryRun ? report(plan) : apply(plan, liveNodes, now);
    }

    /** The source's answer; a failure counts as "cannot tell", never as "nothing there". */
    private Optional<Set<AttachmentId>> ask(String node) {
        try {
            return source.attachmentsOn(node);
        } catch (RuntimeException e) {
            System.getLogger("dev.weft.ipam.cluster").log(System.Logger.Level.WARNING,
                    "cannot list the attachments of node " + node + "; leaving its allocations alone", e);
            return Optional.empty();
        }
    }

    private static GcReport report(GcPlan plan) {
        Tally t = new Tally();
        for (BlockPlan bp : plan.blocks()) {
            bp.slots().forEach(a -> t.count(bp.block().value(), a));
            t.block(bp.block().value(), bp.action());
        }
        return t.report(true, plan.handles().size(), plan.index().size(), plan, 0);
    }

    private GcReport apply(GcPlan plan, Set<String> live, long now) {
        Tally t = new Tally();
        int raced = 0;
        for (BlockPlan bp : plan.blocks()) {
            BlockApply.Outcome o = retry.run("gc block " + bp.block().value().cidr(),
                    attempt -> new BlockApply(store, bp, live, now).attempt(attempt));
            o.applied().forEach(a -> t.count(o.block(), a));
            t.block(bp.block().value(), o.action());
            raced += bp.slots().size() - o.applied().size();
            for (GcPlan.SlotAction a : o.applied()) {
                if (a instanceof Release r) {
                    forget(r.slot().attachment(), List.of(new HandleAddress(o.block().address(r.ordinal()),
                            o.block().pool(), o.block().cidr(), r.slot().seq(), 0)));
                }
            }
            if (o.action() == BlockAction.DELETE) {
                Block b = bp.block().value();
                b.affinity().ifPresent(n -> store.deleteAffinity(IpamKeys.affinity(n, b.pool(), b.cidr()), Datastore.ANY));
            }
        }
        for (HandleFix f : plan.handles()) {
            forget(f.handle().value().attachment(), f.stale());
        }
        for (IndexFix f : plan.index()) {
            if (f.add()) {
                store.putAffinity(f.node(), f.pool(), f.block(), now);
            } else {
                store.deleteAffinity(IpamKeys.affinity(f.node(), f.pool(), f.block()), f.expectedRevision());
            }
        }
        return t.report(false, plan.handles().size(), plan.index().size(), plan, raced);
    }

    /** Removes the given (ip, seq) entries from the attachment's handle; deletes it when nothing is left. */
    private void forget(AttachmentId att, List<HandleAddress> stale) {
        retry.run("gc handle " + att, attempt -> {
            Optional<Versioned<Handle>> cur = store.handle(att);
            if (cur.isEmpty()) {
                return Optional.of(true);
            }
            Handle next = cur.get().value();
            for (HandleAddress a : stale) {
                next = next.without(a.ip(), a.seq());
            }
            if (next.equals(cur.get().value()) && !next.addresses().isEmpty()) {
                return Optional.of(true);
            }
            boolean ok = next.addresses().isEmpty() ? store.deleteHandle(att, cur.get().modRevision())
                    : store.putHandle(next, cur.get().modRevision()).isPresent();
            return ok ? Optional.of(true) : Optional.<Boolean>empty();
        });
    }

    /** Counts for the report. */
    private static final class Tally {
        final List<GcReport.Released> released = new ArrayList<>();
        int marked;
        int cleared;
        final List<Cidr> markedEmpty = new ArrayList<>();
        final List<Cidr> returned = new ArrayList<>();
        final List<Cidr> unheld = new ArrayList<>();

        void count(Block b, GcPlan.SlotAction a) {
            switch (a) {
                case Release r -> released.add(new GcReport.Released(b.address(r.ordinal()), b.pool(), r.slot().node(),
                        r.slot().attachment(), r.slot().pod(), r.reason()));
                case GcPlan.MarkMissing m -> marked++;
                case GcPlan.ClearMissing c -> cleared++;
            }
        }

        void block(Block b, BlockAction a) {
            switch (a) {
                case MARK_EMPTY -> markedEmpty.add(b.cidr());
                case DELETE -> returned.add(b.cidr());
                case CLEAR_AFFINITY -> unheld.add(b.cidr());
                case NONE -> { }
            }
        }

        GcReport report(boolean dry, int handles, int index, GcPlan plan, int raced) {
            return new GcReport(dry, released, marked, cleared, markedEmpty, returned, unheld, handles, index,
                    List.copyOf(new TreeSet<>(plan.unknownNodes())), plan.pending(), raced);
        }
    }
}
