package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.ClusterIpam;
import dev.weft.ipam.cluster.LaneSettings;
import dev.weft.store.Datastore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link IpamProvider#shared}: one {@link ClusterIpam} per (datastore, node, data dir), kept until
 * closed, each reserving addresses ahead for its node ({@link ClusterIpam#reserveAhead}) with its
 * journal in {@code DATADIR/NODE.journal/}: the journal is replayed when the session opens. When
 * the journal is taken (another process serves this node), the session keeps the datastore's path.
 */
final class SharedIpamProvider implements IpamProvider {
    private static final System.Logger LOG = System.getLogger(SharedIpamProvider.class.getName());

    private record Key(String datastore, String node, Path dataDir) {
    }

    private final Optional<String> agentNode;
    private final Optional<NamedStore> own;
    private final Map<String, Datastore> opened = new ConcurrentHashMap<>();
    private final Map<Key, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final Optional<LaneSettings> lanes;

    SharedIpamProvider(Optional<String> agentNode, Optional<NamedStore> own, Optional<LaneSettings> lanes) {
        this.agentNode = agentNode;
        this.own = own;
        this.lanes = lanes;
    }

    @Override
    public <T> T call(String datastore, String node, Path dataDir, Function<Session, T> op) {
        if (closed) {
            throw new IllegalStateException("the agent's IPAM is closed (the agent is stopping)");
        }
        Session s = sessions.computeIfAbsent(new Key(datastore, node, dataDir), k -> {
            Datastore ds = store(k.datastore());
            ClusterIpam ipam = new ClusterIpam(ds, IpamProvider.options(k.node(), k.dataDir()));
            try {
                if (lanes.isPresent()) {
                    ipam.reserveAhead(k.node(), IpamProvider.journalDir(k.dataDir(), k.node()), lanes.get());
                }
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "weft-ipam: node " + k.node() + " allocates on the datastore's path: "
                        + e.getMessage());
            }
            return new Session(ipam, ds);
        });
        return op.apply(s);
    }

    private Datastore store(String url) {
        if (own.isPresent() && own.get().url().equals(url)) {
            return own.get().store();
        }
        return opened.computeIfAbsent(url, u -> {
            LOG.log(System.Logger.Level.INFO, "weft-ipam: opening datastore " + u);
            return DatastoreUrl.open(u);
        });
    }

    @Override
    public Optional<String> node() {
        return agentNode;
    }

    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(s -> s.ipam().stopReserving());
        sessions.clear();
        opened.values().forEach(ds -> {
            try {
                ds.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a datastore failed", e);
            }
        });
        opened.clear();
    }
}
