package dev.weft.agent;

import dev.weft.agent.backend.Backend;
import dev.weft.agent.backend.HostGwBackend;
import dev.weft.agent.backend.PeerReconciler;
import dev.weft.agent.backend.TxChecksum;
import dev.weft.agent.backend.VxlanBackend;
import dev.weft.agent.policy.PodPublisher;
import dev.weft.agent.policy.PolicyEnforcer;
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
import dev.weft.store.Datastore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running node agent, wired: the lease loop ({@link NodeAgent}), the backend the cluster config
 * names, and the peer reconciler, woken by datastore lease changes and by the kernel removing a
 * route or link, with a periodic resync behind both. Stopping it leaves the data plane as it is,
 * so a restarted agent takes over without a route flap.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

    /**
     * How to run: {@code mtu} 0 detects it; {@code statusFile} may be null; {@code cniDataDir} is where
     * the weft plugin records pods (null: no NetworkPolicy enforcement).
     */
    public record Settings(String node, IpAddress publicIp, Path subnetFile, Path stateFile, Path statusFile,
                           int mtu, boolean ipMasq, Duration resync, TxChecksum txChecksum, Path cniDataDir) {
    }

    private final Netlink nl;
    private final NodeAgent agent;
    private final PeerReconciler peers;
    private final AutoCloseable leaseWatch;
    private final AutoCloseable kernelEvents;
    private final PolicyEnforcer policy;
    private final SubnetLease lease;
    private final String backendName;
    private final int mtu;

    private AgentRuntime(Settings s, Datastore store) {
        SubnetManager subnets = new SubnetManager(store);
        ClusterConfig cluster = subnets.config();
        this.backendName = cluster.backend();
        this.nl = Netlink.open();
        VxlanBackend vxlan = switch (backendName) {
            case "vxlan" -> VxlanBackend.ensure(nl, s.publicIp(), VxlanBackend.DEFAULT_VNI, VxlanBackend.DEFAULT_PORT,
                    s.txChecksum().disable(TxChecksum.runningKernel()));
            case "host-gw" -> null;
            default -> throw new IllegalStateException("backend \"" + backendName + "\" is not supported by this agent");
        };
        this.mtu = s.mtu() > 0 ? s.mtu() : vxlan != null ? vxlan.mtu() : uplinkMtu(nl, s.publicIp());
        this.agent = new NodeAgent(new AgentConfig(s.node(), s.publicIp(), s.subnetFile(), s.stateFile(), mtu,
                s.ipMasq(), vxlan != null ? vxlan.backendData() : Map.of()), store);
        this.lease = agent.start();
        Backend backend;
        if (vxlan != null) {
            vxlan.ensureLocal(lease.subnet());
            backend = cluster.directRouting() ? vxlan.withDirectRouting(s.publicIp()) : vxlan;
        } else {
            backend = new HostGwBackend(nl, s.publicIp());
        }
        this.peers = new PeerReconciler(subnets, backend, s.node(), s.resync());
        AtomicLong rounds = new AtomicLong();
        if (s.statusFile() != null) {
            peers.afterRound(() -> AgentStatus.of(s.node(), lease.subnet(), backendName, mtu, peers.applied(),
                    peers.refused(), rounds.incrementAndGet()).write(s.statusFile()));
        }
        this.leaseWatch = subnets.watchLeases(peers::wake);
        this.policy = s.cniDataDir() == null ? null : new PolicyEnforcer(new Inventory(store),
                new PodPublisher(new Inventory(store), s.node(), s.cniDataDir()), new NftCli(), s.node(), s.resync()).start();
        this.kernelEvents = nl.subscribe(EnumSet.of(EventGroup.LINK, EventGroup.IPV4_ROUTE), this::onKernelEvent);
        peers.start();
    }

    /** Pods were attached or detached here: enforce policy for them now rather than at the next resync. */
    public void podsChanged() {
        if (policy != null) {
            policy.wake();
        }
    }

    /**
     * The weft plugin just recorded a new pod here: wait (at most {@code wait}) until its verdicts
     * are in place, so that it never runs unisolated once its ADD has answered.
     */
    public void enforceNewPod(Duration wait) {
        if (policy == null) {
            return;
        }
        try {
            if (!policy.enforceNow(wait)) {
                LOG.log(System.Logger.Level.WARNING, "a new pod's policy was not in place within " + wait
                        + "; answering its ADD anyway (the policy loop keeps trying)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the agent; returns once the node holds its subnet and the reconciler runs. */
    public static AgentRuntime start(Settings settings, Datastore store) {
        return new AgentRuntime(settings, store);
    }

    private void onKernelEvent(KernelEvent e) {
        if (!e.added() || e instanceof KernelEvent.Overrun) {
            peers.wake(); // something went away (or events were lost): check everything again
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

    public PeerReconciler peers() {
        return peers;
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
        closeQuietly(kernelEvents);
        closeQuietly(leaseWatch);
        if (policy != null) {
            policy.close();
        }
        peers.close();
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
