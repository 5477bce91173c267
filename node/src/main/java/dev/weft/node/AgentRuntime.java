package dev.weft.node;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.Inventory;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.event.EventGroup;
import dev.weft.netlink.event.KernelEvent;
import dev.weft.nft.NftCli;
import dev.weft.io.AtomicFile;
import dev.weft.node.backend.Backend;
import dev.weft.node.backend.BackendContext;
import dev.weft.node.backend.BlockRoutes;
import dev.weft.node.backend.LocalPods;
import dev.weft.node.policy.PodNamespaceTables;
import dev.weft.nodestate.SubnetEnv;
import dev.weft.node.backend.BackendFactory;
import dev.weft.node.backend.Backends;
import dev.weft.node.backend.PeerReconciler;
import dev.weft.node.backend.TxChecksum;
import dev.weft.node.cni.CniService;
import dev.weft.node.ipam.IpamGcLoop;
import dev.weft.node.ipam.IpamSettings;
import dev.weft.ipam.cluster.plugin.IpamProvider;
import dev.weft.ipam.cluster.plugin.NetnsProbe;
import dev.weft.node.dhcp.NodeDhcp;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.metrics.TimedDatastore;
import dev.weft.node.policy.PodPublisher;
import dev.weft.node.policy.PolicyEnforcer;
import dev.weft.store.Datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running node agent, wired: the CNI socket for the exec shim, the lease loop
 * ({@link NodeAgent}), the backend the cluster config names, the peer reconciler (woken by
 * datastore lease changes and by the kernel removing a route or link, with a periodic resync
 * behind both), NetworkPolicy enforcement and the cluster-IPAM GC loop ({@link IpamGcLoop}, with
 * weft-ipam served on one long-lived allocator per datastore). Stopping it leaves the data plane as
 * it is, so a restarted agent takes over without a route flap.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());
    /** How long a pod's ADD that came while the agent started waits for it to be ready. */
    static final Duration READY_WAIT = Duration.ofSeconds(10);
    /** How long a pod's ADD may wait for its policy before answering anyway. */
    static final Duration NEW_POD_POLICY_WAIT = Duration.ofSeconds(2);

    /**
     * How to run: {@code mtu} 0 detects it; {@code statusFile} may be null; {@code cniDataDir} is where
     * the weft plugin records pods (null: no NetworkPolicy enforcement); {@code cniSocket} is where
     * to serve the exec shim (null: do not serve); {@code runDir} is where a backend's daemon keeps its
     * files (bgp: {@code RUN/bird/}); {@code dhcpDir} is where the node's DHCP leases are kept (null:
     * the agent holds none, weft-dhcp asks its configured socket) and {@code dhcpSocket} where they
     * are served to plugins outside the agent (null: not served).
     */
    public record Settings(String node, IpAddress publicIp, Path subnetFile, Path stateFile, Path statusFile,
                           int mtu, boolean ipMasq, Duration resync, TxChecksum txChecksum, Path cniDataDir,
                           Path cniSocket, Path runDir, Path dhcpSocket, Path dhcpDir,
                           dev.weft.node.policy.FastPathMode fastPath) {
        /** The eBPF fast path for routed pods (the nftables table where the kernel refuses it). */
        public Settings(String node, IpAddress publicIp, Path subnetFile, Path stateFile, Path statusFile, int mtu,
                        boolean ipMasq, Duration resync, TxChecksum txChecksum, Path cniDataDir, Path cniSocket,
                        Path runDir, Path dhcpSocket, Path dhcpDir) {
            this(node, publicIp, subnetFile, stateFile, statusFile, mtu, ipMasq, resync, txChecksum, cniDataDir,
                    cniSocket, runDir, dhcpSocket, dhcpDir, dev.weft.node.policy.FastPathMode.EBPF);
        }

        /** Without DHCP leases. */
        public Settings(String node, IpAddress publicIp, Path subnetFile, Path stateFile, Path statusFile, int mtu,
                        boolean ipMasq, Duration resync, TxChecksum txChecksum, Path cniDataDir, Path cniSocket,
                        Path runDir) {
            this(node, publicIp, subnetFile, stateFile, statusFile, mtu, ipMasq, resync, txChecksum, cniDataDir,
                    cniSocket, runDir, null, null);
        }
    }

    private final NodeDhcp dhcp;
    private final CniService cni;
    private final Netlink nl;
    private final NodeAgent agent;
    private final PeerReconciler peers;
    private final Backend backend;
    private final AutoCloseable backendTriggers;
    private final AutoCloseable leaseWatch;
    private final AutoCloseable kernelEvents;
    private final PolicyEnforcer policy;
    private final SubnetLease lease;
    private final String backendName;
    private final int mtu;
    private final IpamGcLoop ipamGc;
    private final LocalPods localPods;
    private final AutoCloseable blockWatch;

    private AgentRuntime(Settings s, Datastore untimed, IpamSettings ipam,
                         java.util.Optional<dev.weft.policy.compile.LogDrops> dropLog, NodeMetrics metrics) {
        Datastore store = new TimedDatastore(untimed, metrics); // not closed here: the caller owns the store
        // Serve first: plugins find the agent as soon as it runs, and an ADD that comes before the
        // agent can enforce policy waits for it (NewPodGate) instead of falling back or skipping it.
        NewPodGate gate = new NewPodGate(READY_WAIT, NEW_POD_POLICY_WAIT);
        // The node's DHCP leases first: the in-process weft-dhcp needs them, and saved ones resume at once.
        this.dhcp = s.dhcpDir() == null ? null : NodeDhcp.start(s.dhcpSocket(), s.dhcpDir());
        try {
            IpamProvider provider = IpamProvider.shared(java.util.Optional.of(s.node()),
                    ipam.datastore().map(url -> new IpamProvider.NamedStore(url, store)),
                    IpamProvider.reservationsAllowed() ? ipam.lanes() : java.util.Optional.empty());
            this.cni = serve(s.cniSocket(), gate, provider, dhcp, metrics);
            if (cni != null) {
                replayIpamJournal(provider, ipam, s.node());
            }
        } catch (RuntimeException e) {
            if (dhcp != null) {
                dhcp.close();
            }
            throw e;
        }
        PeerReconciler running = null;
        try {
            SubnetManager subnets = new SubnetManager(store);
            ClusterConfig cluster = subnets.config();
            this.backendName = cluster.backend();
            this.nl = Netlink.open();
            BackendFactory.Prepared prepared = Backends.named(backendName).prepare(new BackendContext(nl, s.node(),
                    s.publicIp(), uplinkMtu(nl, s.publicIp()), cluster, s.txChecksum(), store, s.runDir(),
                    s.stateFile().toAbsolutePath().getParent()));
            this.mtu = s.mtu() > 0 ? s.mtu() : prepared.podMtu();
            java.util.Optional<SubnetEnv.BridgePool> bridgePool = bridgePool(prepared, cluster, s, ipam, store);
            java.util.Optional<SubnetEnv.Underlay> underlay = underlay(prepared, cluster, s, ipam);
            boolean routedPods = prepared.routedPods() && underlay.isEmpty() && bridgePool.isEmpty();
            this.agent = new NodeAgent(new AgentConfig(s.node(), s.publicIp(), s.subnetFile(), s.stateFile(), mtu,
                    s.ipMasq(), prepared.leaseData(), underlay, bridgePool, routedPods), store, metrics);
            this.lease = agent.start();
            metrics.recordSubnetSize(lease.subnet().size().doubleValue());
            if (backendName.equals("udp")) {
                metrics.udpOverlay(s.stateFile().toAbsolutePath().getParent().resolve("udp/status"));
            }
            this.backend = prepared.start(lease);
            Backend started = backend;
            BlockRoutes blockRoutes = bridgePool.map(p -> new BlockRoutes(nl, store, p.pool(), s.node(), SubnetEnv.BRIDGE,
                    started)).orElse(null);
            this.peers = new PeerReconciler(subnets, started, s.node(), s.resync(), metrics).withBlockRoutes(blockRoutes);
            AtomicLong rounds = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<PolicyEnforcer> enforcerRef = new java.util.concurrent.atomic.AtomicReference<>();
            boolean fastPath = started.fastPath().isPresent() && s.fastPath() != dev.weft.node.policy.FastPathMode.OFF;
            peers.afterRound(() -> {
                if (s.statusFile() != null) {
                    PolicyEnforcer enforcer = enforcerRef.get(); // null until policy has started, and with --no-policy
                    AgentStatus.of(s.node(), lease.subnet(), backendName, mtu, peers.applied(), peers.refused(),
                            rounds.incrementAndGet(), enforcer == null ? null : enforcer.health()).write(s.statusFile());
                }
                reportBackend(s.statusFile() == null ? null : s.statusFile().resolveSibling(backendName + ".json"), metrics);
                PolicyEnforcer enforcer = enforcerRef.get();
                if (enforcer != null && fastPath) {
                    enforcer.wake(); // the peers' routes may have changed: the fast path follows them
                }
            });
            this.backendTriggers = backend.triggers(peers::wake);
            this.leaseWatch = subnets.watchLeases(peers::wake);
            this.blockWatch = blockRoutes == null ? () -> { } : blockRoutes.watch(peers::wake); // claims, borrows, releases
            // Peers first: the first round (bgp: BIRD's start) runs beside policy's first round, which
            // reads the inventory and applies the ruleset synchronously (seconds on a loaded 30-node lab),
            // instead of after it; the status file says "no policy yet" until the enforcer is set.
            running = peers.start();
            this.localPods = s.cniDataDir() == null ? null : new LocalPods(started, s.cniDataDir(), s.resync()).start();
            this.policy = s.cniDataDir() == null ? null : enforcer(store, s, started, dropLog, metrics).start();
            enforcerRef.set(this.policy);
            gate.open(policy == null ? null : new NewPodGate.Enforcement() {
                @Override
                public boolean enforceNow(Duration timeout) throws InterruptedException {
                    localPods.wake();
                    return policy.enforceNow(timeout);
                }

                @Override
                public void wake() {
                    localPods.wake();
                    policy.wake();
                }
            });
            this.kernelEvents = nl.subscribe(EnumSet.of(EventGroup.LINK, EventGroup.IPV4_ROUTE), this::onKernelEvent);
            this.ipamGc = ipam.gc() == IpamSettings.Mode.OFF ? null
                    : new IpamGcLoop(store, s.node(), ipam, NetnsProbe.system(), java.time.Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            if (running != null) {
                running.close(); // no round after a failed start
            }
            if (cni != null) {
                cni.close(); // an agent that could not start serves nothing
            }
            if (dhcp != null) {
                dhcp.close();
            }
            throw e;
        }
    }

    /** Starts the agent; returns once the node holds its subnet, serves CNI and the reconciler runs. */
    public static AgentRuntime start(Settings settings, Datastore store) {
        return start(settings, store, IpamSettings.defaults(java.util.Optional.empty()));
    }

    /** As {@link #start(Settings, Datastore)}, with the cluster-IPAM settings (GC loop, weft-ipam's data dir). */
    public static AgentRuntime start(Settings settings, Datastore store, IpamSettings ipam) {
        return start(settings, store, ipam, java.util.Optional.of(dev.weft.policy.compile.LogDrops.DEFAULT),
                NodeMetrics.unserved());
    }

    /**
     * As {@link #start(Settings, Datastore, IpamSettings)}, logging policy drops to the NFLOG group
     * {@code dropLog} names (records in {@code RUN/drops.jsonl}: {@link dev.weft.node.policy.DropLog};
     * empty: drops are not logged) and counting into {@code metrics} (which the caller serves).
     */
    public static AgentRuntime start(Settings settings, Datastore store, IpamSettings ipam,
                                     java.util.Optional<dev.weft.policy.compile.LogDrops> dropLog, NodeMetrics metrics) {
        return new AgentRuntime(settings, store, ipam, dropLog, metrics);
    }

    private static PolicyEnforcer enforcer(Datastore store, Settings s, Backend backend,
                                           java.util.Optional<dev.weft.policy.compile.LogDrops> dropLog, NodeMetrics metrics) {
        PolicyEnforcer e = new PolicyEnforcer(new Inventory(store), new PodPublisher(new Inventory(store), s.node(),
                s.cniDataDir()), new NftCli(), s.node(), s.resync(), metrics);
        if (!backend.policyInPodNamespaces() && s.runDir() != null) { // in-pod tables log nowhere the agent hears
            dropLog.flatMap(d -> dev.weft.node.policy.DropLog.open(s.runDir(), s.node(), d)).ifPresent(e::logDrops);
        }
        if (backend.policyInPodNamespaces()) {
            return e.inPodNamespaces(new PodNamespaceTables(new NftCli(), PodNamespaceTables.InNamespace.system(),
                    java.util.List.of(s.publicIp())));
        }
        backend.fastPath().ifPresent(routes -> e.fastPath(routes, s.fastPath()));
        return e;
    }

    /**
     * Where underlay pods attach (the backend's uplink, the cluster's pool, weft-ipam's datastore,
     * node and data dir as this agent uses them); empty for routed backends.
     */
    private static java.util.Optional<SubnetEnv.Underlay> underlay(BackendFactory.Prepared backend, ClusterConfig cluster,
                                                                  Settings s, IpamSettings ipam) {
        return backend.underlayUplink().map(uplink -> new SubnetEnv.Underlay(uplink, cluster.pool().orElseThrow(),
                ipam.datastore().orElseThrow(() -> new IllegalStateException("the " + cluster.backend()
                        + " backend needs the agent's datastore URL for weft-ipam (weft agent --datastore)")),
                s.node(), ipam.dataDir()));
    }

    /**
     * Bridge pods from the cluster's weft-ipam pool on a routed backend (host-gw, vxlan, bgp): the pool,
     * its CIDR (left unmasqueraded) and weft-ipam's datastore, node and data dir as this agent uses
     * them; empty without a pool or on the underlay. The pool must exist.
     */
    private static java.util.Optional<SubnetEnv.BridgePool> bridgePool(BackendFactory.Prepared backend, ClusterConfig cluster,
                                                                     Settings s, IpamSettings ipam, Datastore store) {
        if (cluster.pool().isEmpty() || backend.underlayUplink().isPresent()) {
            return java.util.Optional.empty();
        }
        String name = cluster.pool().get();
        if (!java.util.Set.of("host-gw", "vxlan", "bgp").contains(cluster.backend())) {
            throw new IllegalStateException("the cluster's pod pool " + name + " needs the host-gw, vxlan, bgp or macvlan"
                    + " backend; the " + cluster.backend() + " backend does not route a pool's blocks");
        }
        dev.weft.ipam.cluster.Pool pool = new dev.weft.ipam.cluster.PoolAdmin(store).find(name).orElseThrow(() -> new IllegalStateException("the cluster's pod"
                        + " pool " + name + " does not exist (weft ipam pool add " + name + " CIDR)"));
        return java.util.Optional.of(new SubnetEnv.BridgePool(name, pool.cidr(), ipam.datastore().orElseThrow(() ->
                new IllegalStateException("pool " + name + " needs the agent's datastore URL for weft-ipam (weft agent"
                        + " --datastore)")), s.node(), ipam.dataDir()));
    }

    /**
     * Opens weft-ipam's session for this node on the agent's datastore now rather than at the first
     * call, so the journal of addresses handed out before a crash is replayed and written back at
     * start (in the background: a datastore that is down only delays it to the first call).
     */
    private static void replayIpamJournal(IpamProvider provider, IpamSettings ipam, String node) {
        ipam.datastore().ifPresent(url -> Thread.ofVirtual().name("weft-agent-ipam-replay").start(() -> {
            try {
                provider.call(url, node, ipam.dataDir(), session -> null);
            } catch (RuntimeException e) {
                System.getLogger(AgentRuntime.class.getName()).log(System.Logger.Level.WARNING,
                        "weft-ipam: replaying the node's journal failed; it is replayed at the first call", e);
            }
        }));
    }

    /** The CNI service, started first, is closed again when the rest of the start fails. */
    private static CniService serve(Path socket, NewPodGate gate, IpamProvider ipam, NodeDhcp dhcp, NodeMetrics metrics) {
        if (socket == null) {
            ipam.close();
            return null;
        }
        return CniService.start(socket, gate, ipam, dhcp == null ? null : dhcp.holder(), metrics);
    }

    /**
     * The backend's own report (bgp: BIRD's sessions) beside the status file (null: none) and its
     * sessions by state into the metrics; a failure only costs the report.
     */
    private void reportBackend(Path file, NodeMetrics metrics) {
        try {
            backend.status().ifPresent(j -> {
                if (j.has("sessions")) {
                    java.util.Map<String, Integer> byState = new java.util.TreeMap<>();
                    j.get("sessions").forEach(x -> byState.merge(x.path("state").asString("unknown"), 1, Integer::sum));
                    metrics.recordBgpSessions(byState);
                }
                if (file == null) {
                    return;
                }
                try {
                    AtomicFile.write(file, j.toPrettyString().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot report the " + backendName + " backend's status", e);
        }
    }

    private void onKernelEvent(KernelEvent e) {
        if (!e.added() || e instanceof KernelEvent.Overrun) {
            peers.wake(); // something went away (or events were lost): check everything again
            if (localPods != null) {
                localPods.wake();
            }
        }
    }

    public SubnetLease lease() {
        return lease;
    }

    public String backend() {
        return backendName;
    }

    public int mtu() {
        return mtu;
    }

    /** The routed pods' fast path this agent keeps: "ebpf", "nftables" or "none". */
    public String fastPath() {
        return policy == null ? "none" : policy.fastPathKind();
    }

    /**
     * Waits until a policy round begun after this call has applied, so that what was recorded in
     * the weft plugin's data dir before the call (a Docker container the CNM driver published, as
     * a CNI ADD's pod is through {@link NewPodGate}) is enforced on this node. True at once when the
     * agent enforces no policy; false when no round applied within {@code timeout} (zero: only wake).
     */
    public boolean enforcePolicyNow(Duration timeout) throws InterruptedException {
        if (policy == null) {
            return true;
        }
        localPods.wake();
        return policy.enforceNow(timeout);
    }

    public PeerReconciler peers() {
        return peers;
    }

    /** The cluster-IPAM GC loop; empty with {@code --ipam-gc off}. */
    public java.util.Optional<IpamGcLoop> ipamGc() {
        return java.util.Optional.ofNullable(ipamGc);
    }

    /** The MTU of the device that holds {@code ip} in this namespace. */
    static int uplinkMtu(Netlink nl, IpAddress ip) {
        int index = nl.addresses().list().stream().filter(a -> a.address().address().equals(ip))
                .map(AddrCodec.Addr::index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device holds " + ip + "; pass --mtu"));
        return nl.links().require(index).mtu();
    }

    /** Stops; with {@code leave} the subnet is given back and peers drop their routes to it. */
    public void stop(boolean leave) {
        if (cni != null) {
            cni.close(); // calls in flight finish first
        }
        if (ipamGc != null) {
            ipamGc.close();
        }
        if (dhcp != null) {
            dhcp.close(); // stops renewing; the leases stay saved for the next agent
        }
        closeQuietly(kernelEvents);
        closeQuietly(leaseWatch);
        closeQuietly(blockWatch);
        closeQuietly(backendTriggers);
        if (policy != null) {
            policy.close();
        }
        if (localPods != null) {
            localPods.close();
        }
        peers.close();
        if (leave) {
            backend.leave(); // e.g. BIRD says goodbye to every peer before the lease goes
        }
        backend.close();
        agent.stop(leave);
        nl.close();
    }

    @Override
    public void close() {
        stop(false);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }
}
