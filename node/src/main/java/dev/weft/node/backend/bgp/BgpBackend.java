package dev.weft.node.backend.bgp;

import dev.weft.bgp.BgpSettings;
import dev.weft.bgp.BgpStore;
import dev.weft.bgp.bird.ApplyResult;
import dev.weft.bgp.bird.BirdConfig;
import dev.weft.bgp.bird.BirdInput;
import dev.weft.bgp.speaker.BgpSpeaker;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.NodeInputs;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.ipam.cluster.RoutingView;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.event.EventGroup;
import dev.weft.netlink.event.KernelEvent;
import dev.weft.node.backend.Backend;
import tools.jackson.databind.JsonNode;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The bgp backend: every round compiles this node's BIRD configuration from the leases and the BGP
 * settings and makes BIRD run it ({@link BgpSpeaker#ensure}: nothing happens when nothing changed),
 * then reads which peer subnets BIRD's routes reach. Routes come from BIRD alone: {@link #ensurePeer}
 * only tells a reached peer (connected) from one not reached yet (reported with the reason, pending),
 * and {@link #removePeer} has nothing to do, because a peer that left is dropped from the
 * configuration and BIRD withdraws its routes. Rounds are also woken by changes under
 * {@code /weft/bgp/}, by BIRD's kernel routes coming and going, and by a restart of BIRD (it runs
 * its recovery configuration until the next round). Settings that cannot be read leave BIRD as it
 * runs, with the problem in the status. Without a pool pods are routed ({@link SubnetBlackhole}
 * holds their subnet). Not thread-safe: the reconciler's thread drives it.
 */
final class BgpBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(BgpBackend.class.getName());

    private final Netlink nl;
    private final String node;
    private final ClusterConfig cluster;
    private final BgpStore settings;
    private final BgpSpeaker speaker;
    private final Optional<String> poolName;
    private final dev.weft.store.Datastore store;
    private dev.weft.ipam.cluster.Pool pool;
    private final SubnetBlackhole blackhole;
    private LearnedRoutes learned = new LearnedRoutes(java.util.Set.of());
    private Optional<BgpStatus> roundStatus = Optional.empty();
    private volatile String settingsProblem;

    BgpBackend(Netlink nl, String node, ClusterConfig cluster, BgpStore settings, BgpSpeaker speaker) {
        this(nl, node, cluster, settings, speaker, null);
    }

    /**
     * With the cluster's weft-ipam pool ({@code cluster.pool()}, read from {@code store}): this node's
     * blocks and borrowed addresses are announced, the pool's prefixes imported ({@link PoolInputs}).
     */
    BgpBackend(Netlink nl, String node, ClusterConfig cluster, BgpStore settings, BgpSpeaker speaker,
               dev.weft.store.Datastore store) {
        this.poolName = store == null ? Optional.empty() : cluster.pool();
        this.store = store;
        this.nl = nl;
        this.node = node;
        this.cluster = cluster;
        this.settings = settings;
        this.speaker = speaker;
        this.blackhole = new SubnetBlackhole(nl);
    }

    @Override
    public void beginRound(List<SubnetLease> leases) {
        roundStatus = Optional.empty();
        readSettings().ifPresent(s -> {
            Optional<BirdInput> in = NodeInputs.of(cluster, leases, s, node);
            if (in.isEmpty()) {
                return; // this node's lease is being renewed or taken again: leave BIRD as it is
            }
            Optional<BirdInput> withPool = withPool(in.get());
            if (withPool.isEmpty()) {
                return; // the pool's blocks could not be read: announcing none would withdraw them, so BIRD stays
            }
            ApplyResult r = speaker.ensure(withPool.get());
            switch (r.outcome()) {
                case UNCHANGED -> { }
                case REJECTED -> LOG.log(System.Logger.Level.WARNING, "BIRD configuration refused; the running one stays: "
                        + r.detail());
                default -> LOG.log(System.Logger.Level.INFO, "BIRD " + r.outcome().name().toLowerCase(java.util.Locale.ROOT)
                        + (r.detail().isBlank() ? "" : " (" + r.detail() + ")"));
            }
        });
        learned = LearnedRoutes.of(nl.routes().list());
        if (poolName.isEmpty()) { // routed pods on the node subnet
            Optional<SubnetLease> own = leases.stream().filter(l -> l.node().equals(node)).findFirst();
            if (own.isPresent()) { // a lease being taken again keeps the route it had
                ensureBlackhole(Optional.of(own.get().subnet()));
            }
        }
    }

    private void ensureBlackhole(Optional<dev.weft.net.Cidr> subnet) {
        try {
            blackhole.ensure(subnet);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot set the blackhole for the node subnet " + subnet.orElse(null)
                    + " (tried again next round)", e);
        }
    }

    /** {@code in} with this node's share of the pool (unchanged without one); empty when it cannot be read now. */
    private Optional<BirdInput> withPool(BirdInput in) {
        if (poolName.isEmpty()) {
            return Optional.of(in);
        }
        String name = poolName.get();
        try {
            if (pool == null) { // a pool's network and block size never change
                pool = new dev.weft.ipam.cluster.PoolAdmin(store).find(name).orElseThrow(() -> new IllegalStateException("no such pool"));
            }
            return Optional.of(in.withPool(Optional.of(PoolInputs.of(pool, RoutingView.read(store, name), node))));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pool " + name + ": cannot announce its blocks (" + e.getMessage()
                    + "); BIRD keeps its running configuration");
            return Optional.empty();
        }
    }

    /** Routed pods (no pool) take the fast path to and from the other nodes' pods. */
    @Override
    public Optional<java.util.function.Supplier<dev.weft.policy.compile.FastPathRoutes>> fastPath() {
        return poolName.isEmpty() ? Optional.of(new KernelFastPathRoutes(cluster.network())) : Optional.empty();
    }

    /** With a pool, BIRD carries its blocks and borrowed addresses between nodes; the agent routes only its own. */
    @Override
    public boolean announcesPoolBlocks() {
        return poolName.isPresent();
    }

    private Optional<BgpSettings> readSettings() {
        try {
            BgpSettings s = settings.settings();
            settingsProblem = null;
            return Optional.of(s);
        } catch (RuntimeException e) {
            String problem = "cannot read the BGP settings (" + e.getMessage() + "); BIRD keeps its running configuration";
            if (!problem.equals(settingsProblem)) {
                LOG.log(System.Logger.Level.WARNING, problem);
            }
            settingsProblem = problem;
            return Optional.empty();
        }
    }

    @Override
    public void ensurePeer(SubnetLease peer) {
        if (!learned.reaches(peer)) {
            if (roundStatus.isEmpty()) {
                roundStatus = Optional.of(speaker.status()); // once per round, only when a peer is missing
            }
            throw PeerRefused.pending(LearnedRoutes.whyNot(peer, roundStatus));
        }
    }

    @Override
    public void removePeer(SubnetLease peer) {
        // BIRD withdraws a peer's routes when its session leaves the configuration or the peer withdraws them
    }

    @Override
    public AutoCloseable triggers(Runnable wake) {
        AutoCloseable watch = settings.watch(wake);
        AutoCloseable routes = nl.subscribe(EnumSet.of(EventGroup.IPV4_ROUTE), e -> {
            if (e instanceof KernelEvent.Overrun
                    || e instanceof KernelEvent.RouteEvent r && r.route().priority() == BirdConfig.ROUTE_METRIC) {
                wake.run();
            }
        });
        AutoCloseable restarts = speaker.bird().onRestart(wake); // the recovery configuration needs its next round
        return () -> {
            try (watch; routes; restarts) {
                // all closed
            }
        };
    }

    @Override
    public Optional<JsonNode> status() {
        BgpStatus s = speaker.status();
        String problem = settingsProblem;
        if (problem != null) {
            s = new BgpStatus(s.node(), s.running(), s.sessions(), Optional.of(problem), s.at());
        }
        return Optional.of(s.toJson());
    }

    @Override
    public void leave() {
        speaker.withdraw();
        if (poolName.isEmpty()) {
            ensureBlackhole(Optional.empty());
        }
    }

    @Override
    public void close() {
        speaker.close();
    }
}
