package dev.weft.node.backend;

import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.reconcile.Wakeup;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Level-triggered peer reconciliation: on every round the leases in the datastore (less this
 * node's) are compared with what was applied, and the backend is told the difference. Refused
 * peers are remembered with their reason and retried each round. A round runs every period and,
 * sooner, whenever {@link #wake()} is called (a datastore watch event, a route or link the kernel
 * removed); wake-ups that arrive during a round coalesce into one more round.
 */
public final class PeerReconciler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerReconciler.class.getName());

    private final SubnetManager subnets;
    private final Backend backend;
    private final String self;
    private final Map<Cidr, SubnetLease> applied = new HashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Thread thread;
    private final Wakeup wakeup = new Wakeup();
    private volatile Runnable afterRound = () -> { };
    private volatile boolean running = true;
    private final NodeMetrics metrics;
    private volatile BlockRoutes blockRoutes;

    public PeerReconciler(SubnetManager subnets, Backend backend, String self, Duration period) {
        this(subnets, backend, self, period, NodeMetrics.unserved());
    }

    /** As {@link #PeerReconciler(SubnetManager, Backend, String, Duration)}, counting rounds and peers into {@code metrics}. */
    public PeerReconciler(SubnetManager subnets, Backend backend, String self, Duration period, NodeMetrics metrics) {
        this.metrics = metrics;
        this.subnets = subnets;
        this.backend = backend;
        this.self = self;
        this.thread = Thread.ofPlatform().daemon().name("weft-agent-peers").unstarted(() -> loop(period));
    }

    public PeerReconciler start() {
        thread.start();
        return this;
    }

    /** Called after every round, successful or not (the agent writes its status file here). */
    public PeerReconciler afterRound(Runnable hook) {
        this.afterRound = hook;
        return this;
    }

    /**
     * Also keeps a weft-ipam pool's routes ({@link BlockRoutes}) at the end of every round, through
     * the peers connected then. Set before {@link #start()}.
     */
    public PeerReconciler withBlockRoutes(BlockRoutes routes) {
        this.blockRoutes = routes;
        return this;
    }

    /** Asks for a round now instead of at the end of the period. */
    public void wake() {
        wakeup.wake();
    }

    private void loop(Duration period) {
        while (running) {
            long t0 = System.nanoTime();
            boolean ok = false;
            try {
                reconcile();
                ok = true;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "peer reconciliation failed; retrying", e);
            }
            metrics.recordRound("peers", ok, System.nanoTime() - t0);
            metrics.recordPeers(applied().size(), refused.size());
            afterRound.run();
            try {
                wakeup.await(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round; public so tests and the agent's start-up can converge synchronously. */
    public synchronized void reconcile() {
        List<SubnetLease> all = subnets.leases();
        backend.beginRound(all);
        Map<Cidr, SubnetLease> wanted = new HashMap<>();
        for (SubnetLease l : all) {
            if (!l.node().equals(self)) {
                wanted.put(l.subnet(), l);
            }
        }
        for (SubnetLease gone : List.copyOf(applied.values())) {
            SubnetLease now = wanted.get(gone.subnet());
            if (now == null || !now.publicIp().equals(gone.publicIp())) {
                backend.removePeer(gone);
                applied.remove(gone.subnet());
            }
        }
        // a peer that left is neither connected nor refused any more
        refused.keySet().retainAll(wanted.values().stream().map(SubnetLease::node).toList());
        for (SubnetLease peer : wanted.values()) {
            try {
                backend.ensurePeer(peer); // every round: repairs routes deleted under us
                applied.put(peer.subnet(), peer);
                refused.remove(peer.node());
            } catch (Backend.PeerRefused e) {
                if (!e.getMessage().equals(refused.put(peer.node(), e.getMessage()))) {
                    LOG.log(e.pending() ? System.Logger.Level.INFO : System.Logger.Level.ERROR, e.getMessage());
                }
            }
        }
        BlockRoutes blocks = blockRoutes;
        if (blocks != null) {
            Map<String, SubnetLease> connected = new HashMap<>();
            applied.values().stream().filter(l -> !refused.containsKey(l.node())).forEach(l -> connected.put(l.node(), l));
            blocks.ensure(connected);
        }
    }

    /** Peers the backend refused, by node, with the reason. */
    public Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    /** The peer subnets connected now: applied, and not refused since (a bgp route can be lost again). */
    public synchronized Set<Cidr> applied() {
        return applied.values().stream().filter(l -> !refused.containsKey(l.node())).map(SubnetLease::subnet)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
