package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.ClusterIpam;
import dev.weft.ipam.cluster.IpamOptions;
import dev.weft.ipam.cluster.LaneSettings;
import dev.weft.ipam.cluster.ReservedLane;
import dev.weft.lock.FileMutex;
import dev.weft.store.Datastore;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where {@link WeftIpamPlugin} gets its {@link ClusterIpam}: in the agent, one long-lived instance
 * per datastore, node and data dir ({@link #shared}: its caches are what make a warm ADD two
 * writes and no read), on the agent's own datastore when the configuration names it; in a
 * one-call JVM (the JVM path), a fresh one on a datastore opened for the call ({@link #oneShot}).
 * Either way the ADDs of one node queue on a host lock, {@code DATADIR/NODE.lock}, shared by the
 * agent and plugin processes.
 */
public interface IpamProvider extends AutoCloseable {
    /** What one call works with: the node's allocator and the datastore under it. */
    record Session(ClusterIpam ipam, Datastore datastore) {
    }

    /** Runs {@code op} with the allocator for this datastore (normal form), node and data dir. */
    <T> T call(String datastore, String node, Path dataDir, Function<Session, T> op);

    /** The node the serving agent runs as: the default of the {@code node} key there. */
    Optional<String> node();

    /** Closes the datastores this provider opened (never the agent's own). */
    @Override
    void close();

    /** For a JVM that serves one call: opens the datastore for the call and closes it after. */
    static IpamProvider oneShot() {
        return new IpamProvider() {
            @Override
            public <T> T call(String datastore, String node, Path dataDir, Function<Session, T> op) {
                try (Datastore ds = DatastoreUrl.open(datastore)) {
                    ClusterIpam ipam = new ClusterIpam(ds, options(node, dataDir));
                    boolean journal = takeJournal(ipam, node, dataDir);
                    try {
                        return op.apply(new Session(ipam, ds));
                    } finally {
                        if (journal) {
                            ipam.lane().ifPresent(ReservedLane::flush);
                            ipam.stopReserving();
                        }
                    }
                }
            }

            @Override
            public Optional<String> node() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * For the agent: allocators kept for the life of the agent; {@code ownStore} (the agent's
     * datastore, named in normal form) is used when a configuration names that store, instead of a
     * second client.
     */
    static IpamProvider shared(Optional<String> agentNode, Optional<NamedStore> ownStore) {
        return shared(agentNode, ownStore, reservationsAllowed() ? Optional.of(LaneSettings.defaults()) : Optional.empty());
    }

    /** False when the JVM was started with {@code -Dweft.ipam.reserve=false}: no reservations, whatever the settings. */
    static boolean reservationsAllowed() {
        return !"false".equals(System.getProperty(RESERVE_PROPERTY));
    }

    /**
     * Set to {@code false} on the agent's JVM ({@code -Dweft.ipam.reserve=false}) to allocate every
     * ADD on the datastore's path, as before reservations (for comparisons and as a way out).
     */
    String RESERVE_PROPERTY = "weft.ipam.reserve";

    /** As {@link #shared(Optional, Optional)}, reserving ahead with {@code lanes} (empty: never). */
    static IpamProvider shared(Optional<String> agentNode, Optional<NamedStore> ownStore, Optional<LaneSettings> lanes) {
        return new SharedIpamProvider(agentNode, ownStore, lanes);
    }

    /**
     * When the node's agent is down (its journal is free), a one-call process takes the journal for
     * its call: the addresses the agent handed out before it died stay the agent's attachments'
     * (a repeated ADD gets its address, a DEL frees it), and what the call hands out is written
     * back before it exits. When the agent holds the journal: false, the datastore's path.
     */
    private static boolean takeJournal(ClusterIpam ipam, String node, Path dataDir) {
        if (!java.nio.file.Files.isDirectory(journalDir(dataDir, node))) {
            return false; // no agent ever reserved here: nothing to honour
        }
        try {
            ipam.reserveAhead(node, journalDir(dataDir, node), LaneSettings.defaults().manual());
            return true;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** The node's journal of addresses handed out from its reservations: {@code DATADIR/NODE.journal}. */
    static Path journalDir(Path dataDir, String node) {
        return dataDir.resolve(node + ".journal");
    }

    /** A datastore and the name ({@link DatastoreUrl#normalize normal form}) it was opened by. */
    record NamedStore(String url, Datastore store) {
        public NamedStore {
            url = DatastoreUrl.normalize(url);
        }
    }

    /** The allocator's options for {@code node}: defaults, and the host lock beside the node's records. */
    static IpamOptions options(String node, Path dataDir) {
        FileMutex lock = new FileMutex(dataDir.resolve(node + ".lock"));
        return IpamOptions.defaults().withHostLock(lock::locked);
    }
}
