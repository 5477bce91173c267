package dev.weft.node.ipam;

import dev.weft.ipam.cluster.GcReport;
import dev.weft.ipam.cluster.IpamGc;
import dev.weft.ipam.cluster.IpamKeys;
import dev.weft.ipam.cluster.NodeRemovals;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.plugin.AttachmentRecords;
import dev.weft.ipam.cluster.plugin.LocalAttachments;
import dev.weft.ipam.cluster.plugin.NetnsProbe;
import dev.weft.node.reconcile.Wakeup;
import dev.weft.store.Datastore;

import java.time.Clock;
import java.util.Optional;

/**
 * The agent's cluster-IPAM GC (see the package notes): every period, and at once when a node is
 * marked removed, one {@link IpamGc} pass over the whole cluster in which this node answers for
 * its own attachments ({@link LocalAttachments}) and nobody else's. Every agent runs it; the
 * passes are compare-and-swaps, so several agents releasing a removed node's addresses at once is
 * fine. A failed pass (the datastore is down) is logged and tried again next period.
 */
public final class IpamGcLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IpamGcLoop.class.getName());

    private final Datastore store;
    private final String node;
    private final IpamSettings settings;
    private final LocalAttachments attachments;
    private final IpamGc gc;
    private final Wakeup wakeup = new Wakeup();
    private final Thread thread;
    private volatile boolean running = true;
    private AutoCloseable watch;

    public IpamGcLoop(Datastore store, String node, IpamSettings settings, NetnsProbe probe, Clock clock) {
        this.store = store;
        this.node = node;
        this.settings = settings;
        this.attachments = new LocalAttachments(node, new AttachmentRecords(settings.dataDir(), node), store, probe);
        this.gc = new IpamGc(store, attachments, clock, settings.grace());
        this.thread = Thread.ofPlatform().daemon().name("weft-agent-ipam-gc").unstarted(this::loop);
    }

    /** Clears this node's own removal mark (it is back), watches for removals, and starts the loop. */
    public IpamGcLoop start() {
        try {
            if (new NodeRemovals(store).clear(node)) {
                LOG.log(System.Logger.Level.INFO, "node " + node + " was marked removed; it is back");
            }
            watch = store.watch(IpamKeys.REMOVED, store.revision(), e -> wakeup.wake());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "IPAM GC: cannot watch node removals; relying on the period", e);
        }
        thread.start();
        return this;
    }

    /** Asks for a pass now. */
    public void wake() {
        wakeup.wake();
    }

    private void loop() {
        while (running) {
            try {
                round();
            } catch (RuntimeException e) {
                if (!running) {
                    return; // interrupted by close()
                }
                LOG.log(System.Logger.Level.WARNING, "IPAM GC pass failed; trying again in " + settings.period(), e);
            }
            try {
                wakeup.await(settings.period().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass now, on the caller's thread; empty when skipped (no pools, with {@code --ipam-gc auto}). */
    public Optional<GcReport> round() {
        if (settings.gc() == IpamSettings.Mode.AUTO && new PoolAdmin(store).list().isEmpty()) {
            return Optional.empty();
        }
        GcReport r = gc.runExceptRemoved(false);
        int pruned = attachments.prune();
        if (!r.released().isEmpty() || !r.blocksReturned().isEmpty() || !r.affinitiesCleared().isEmpty()
                || r.handlesFixed() > 0 || pruned > 0) {
            LOG.log(System.Logger.Level.INFO, "IPAM GC: released " + r.released().size() + " address(es) "
                    + r.released().stream().map(x -> x.ip() + " (" + x.reason() + ", " + x.node() + ")").toList()
                    + ", returned blocks " + r.blocksReturned() + ", cleared affinity of " + r.affinitiesCleared()
                    + ", fixed " + r.handlesFixed() + " handle(s), pruned " + pruned + " record(s)");
        }
        return Optional.of(r);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the removal watch failed", e);
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
