package dev.weft.cli.ipam;

import dev.weft.cli.agent.AgentCommand;
import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.ipam.cluster.AttachmentSource;
import dev.weft.ipam.cluster.GcReport;
import dev.weft.ipam.cluster.IpamGc;
import dev.weft.ipam.cluster.IpamReport;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.Names;
import dev.weft.ipam.cluster.plugin.AttachmentRecords;
import dev.weft.ipam.cluster.plugin.LocalAttachments;
import dev.weft.ipam.cluster.plugin.NetnsProbe;
import dev.weft.ipam.cluster.plugin.WeftIpamConfig;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code weft ipam}: the cluster-wide IPAM in the datastore (pools, use, consistency, GC). */
@Command(name = "ipam", mixinStandardHelpOptions = true,
        description = "Cluster-wide IP address management: pools, utilisation, consistency check, leak GC.",
        subcommands = {PoolCommand.class, IpamCommand.Show.class, IpamCommand.Check.class, IpamCommand.Gc.class})
public final class IpamCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Utilisation per pool, block and node.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "POOL", description = "Only this pool.")
        String pool;

        @Option(names = "--addresses", description = "Also list every allocated address: pool, node, attachment, pod.")
        boolean addresses;

        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            Optional.ofNullable(pool).ifPresent(p -> Names.pool("POOL", p));
            try (Datastore store = ClusterCommand.open(datastore)) {
                IpamSnapshot snap = IpamSnapshot.read(store);
                System.out.print(IpamText.show(IpamReport.show(snap, Optional.ofNullable(pool))));
                if (addresses) {
                    System.out.print(IpamText.addresses(snap, Optional.ofNullable(pool)));
                }
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check consistency; exit 1 when anything is wrong.",
                    "Finds allocations without handle, handles without allocation, blocks and allocations of nodes that",
                    "are not in the cluster, and records that do not decode."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--nodes", split = ",", paramLabel = "NODE",
                description = "The cluster's nodes (default: every node the records name, less those removed).")
        List<String> nodes;

        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            if (nodes != null) {
                nodes.forEach(n -> Names.node("--nodes", n));
            }
            try (Datastore store = ClusterCommand.open(datastore)) {
                IpamSnapshot snap = IpamSnapshot.read(store);
                Set<String> live = nodes != null ? new TreeSet<>(nodes) : snap.liveNodes();
                List<IpamReport.Inconsistency> found = IpamReport.check(snap, Optional.of(live), System.currentTimeMillis());
                System.out.print(IpamText.check(found, snap));
                return found.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = {"Release leaked addresses and return empty blocks.",
                    "Releases every allocation of a node marked removed (weft cluster remove-node) and allocations an ADD",
                    "never recorded (after the grace period), removes stale handle and index entries, and marks empty blocks",
                    "(returned at a later pass). With --node, run on that node, its attachments are checked too: an address",
                    "whose pod's namespace has been gone for the grace period is released, as the agent's loop does."})
    static final class Gc implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Only say what would be done.")
        boolean dryRun;

        @Option(names = "--node", description = "This node's name: check its attachments (run on the node itself).")
        String node;

        @Option(names = "--data-dir", description = "weft-ipam's dataDir on this node (default ${DEFAULT-VALUE}).")
        Path dataDir = WeftIpamConfig.DEFAULT_DATA_DIR;

        @Option(names = "--grace", defaultValue = "10m", description = "Grace period (default ${DEFAULT-VALUE}).")
        String grace;

        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            java.time.Duration g = AgentCommand.duration("--grace", grace);
            Optional.ofNullable(node).ifPresent(n -> Names.node("--node", n));
            try (Datastore store = ClusterCommand.open(datastore)) {
                Optional<LocalAttachments> local = Optional.ofNullable(node).map(n -> new LocalAttachments(n,
                        new AttachmentRecords(dataDir.toAbsolutePath(), n), store, NetnsProbe.system()));
                AttachmentSource source = local.<AttachmentSource>map(l -> l).orElse(n -> Optional.empty());
                GcReport r = new IpamGc(store, source, Clock.systemUTC(), g).runExceptRemoved(dryRun);
                int pruned = dryRun ? 0 : local.map(LocalAttachments::prune).orElse(0);
                System.out.print(IpamText.gc(r, pruned));
            }
            return 0;
        }
    }
}
