package dev.weft.node;

import dev.weft.cluster.ClusterConfig;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.nodestate.SubnetEnv;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.store.Datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** One node's agent: acquire, publish, renew, recover. See the package notes. */
public final class NodeAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());

    private final AgentConfig config;
    private final SubnetManager subnets;
    private final AtomicReference<SubnetLease> lease = new AtomicReference<>();
    private volatile Thread renewer;
    private volatile boolean running;
    private final NodeMetrics metrics;

    public NodeAgent(AgentConfig config, Datastore store) {
        this(config, store, NodeMetrics.unserved());
    }

    /** As {@link #NodeAgent(AgentConfig, Datastore)}, counting lease renewals into {@code metrics}. */
    public NodeAgent(AgentConfig config, Datastore store, NodeMetrics metrics) {
        this.config = config;
        this.subnets = new SubnetManager(store);
        this.metrics = metrics;
    }

    /** Takes the node's subnet and publishes it; returns the lease. */
    public SubnetLease start() {
        SubnetLease l = acquire();
        running = true;
        renewer = Thread.ofPlatform().daemon().name("weft-agent-lease").start(this::renewLoop);
        return l;
    }

    private SubnetLease acquire() {
        ClusterConfig cluster = subnets.config();
        SubnetLease l = subnets.acquire(config.node(), config.publicIp(), config.backendData(), remembered());
        lease.set(l);
        remember(l.subnet());
        SubnetEnv env = SubnetEnv.of(cluster.network(), l.subnet(), config.mtu(), config.ipMasq());
        SubnetEnv wired = config.routedPods() ? env.withRoutedPods() : env;
        config.underlay().map(env::withUnderlay).or(() -> config.bridgePool().map(env::withBridgePool)).orElse(wired)
                .write(config.subnetFile());
        LOG.log(System.Logger.Level.INFO, "node " + config.node() + " holds " + l.subnet());
        return l;
    }

    /** Renews at a third of the TTL; a lost lease is taken again (the same subnet if still free). */
    private void renewLoop() {
        long period = Math.max(200, Duration.ofSeconds(subnets.config().leaseTtlSeconds()).toMillis() / 3);
        while (running) {
            try {
                Thread.sleep(period);
                if (!running) {
                    return;
                }
                if (!subnets.renew(lease.get())) {
                    metrics.recordLeaseRenewal("lost");
                    LOG.log(System.Logger.Level.WARNING, "lease on " + lease.get().subnet() + " was lost; taking it again");
                    acquire();
                } else {
                    metrics.recordLeaseRenewal("ok");
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                metrics.recordLeaseRenewal("error");
                LOG.log(System.Logger.Level.WARNING, "lease renewal failed; retrying", e);
            }
        }
    }

    public Optional<SubnetLease> lease() {
        return Optional.ofNullable(lease.get());
    }

    private Optional<Cidr> remembered() {
        try {
            return Files.exists(config.stateFile())
                    ? Optional.of(Cidr.parse(Files.readString(config.stateFile()).strip())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a damaged memory only costs the preference
        }
    }

    private void remember(Cidr subnet) {
        try {
            Files.createDirectories(config.stateFile().getParent());
            Files.writeString(config.stateFile(), subnet + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config.stateFile(), e);
        }
    }

    /** Stops renewing. With {@code release}, gives the subnet back (the node is leaving). */
    public void stop(boolean release) {
        running = false;
        Thread t = renewer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (release && lease.get() != null) {
            subnets.release(lease.get());
        }
    }

    @Override
    public void close() {
        stop(false);
    }
}
