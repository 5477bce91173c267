package dev.weft.cli.ipam;

import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.ipam.cluster.Pool;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.PoolSpec;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code weft ipam pool add|list|del}: the cluster's IP pools. */
@Command(name = "pool", mixinStandardHelpOptions = true, description = "Add, list and delete IP pools.",
        subcommands = {PoolCommand.Add.class, PoolCommand.ListPools.class, PoolCommand.Del.class})
final class PoolCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an IP pool: a CIDR cut into blocks that nodes claim.",
                    "Refused when the name is taken by another pool or the CIDR overlaps one; the same pool again is fine."})
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case letters, digits, '.', '_', '-'.")
        String name;

        @Parameters(index = "1", paramLabel = "CIDR", description = "e.g. 10.244.0.0/16 (host bits are refused).")
        String cidr;

        @Option(names = "--block-size", paramLabel = "LEN",
                description = "Prefix length of the blocks nodes claim (default /26 for IPv4, /122 for IPv6).")
        Integer blockSize;

        @Option(names = "--exclude", paramLabel = "CIDR|RANGE", split = ",",
                description = "Addresses never handed out: a CIDR, a range a.b.c.d-e.f.g.h or one address (repeatable).")
        List<String> excludes = List.of();

        @Option(names = "--gateway", paramLabel = "IP", description = "Put in every result, and never handed out.")
        String gateway;

        @Option(names = "--strict-affinity", description = "Nodes never borrow addresses from other nodes' blocks.")
        boolean strictAffinity;

        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            PoolSpec spec = new PoolSpec(name, cidr, Optional.ofNullable(blockSize), excludes, Optional.ofNullable(gateway),
                    strictAffinity);
            Pool pool = spec.toPool(); // every option checked before the store is opened
            try (Datastore store = ClusterCommand.open(datastore)) {
                Pool p = new PoolAdmin(store).add(pool);
                System.out.println("pool " + p.name() + " " + p.cidr() + ": " + p.blockCount() + " block(s) of /"
                        + p.blockSize() + ", " + p.allocatableCount() + " allocatable address(es)"
                        + p.gateway().map(g -> ", gateway " + g).orElse("")
                        + (p.strictAffinity() ? ", strict affinity" : ""));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the IP pools.")
    static final class ListPools implements Callable<Integer> {
        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            try (Datastore store = ClusterCommand.open(datastore)) {
                System.out.printf("%-20s %-24s %-6s %-16s %-8s %s%n", "NAME", "CIDR", "BLOCK", "GATEWAY", "STRICT", "EXCLUDES");
                for (Pool p : new PoolAdmin(store).list()) {
                    System.out.printf("%-20s %-24s %-6s %-16s %-8s %s%n", p.name(), p.cidr(), "/" + p.blockSize(),
                            p.gateway().map(Object::toString).orElse("-"), p.strictAffinity() ? "yes" : "no",
                            p.excludes().isEmpty() ? "-" : String.join(",", p.excludes().stream().map(Object::toString).toList()));
                }
            }
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true,
            description = {"Delete an IP pool (refused while addresses are allocated from it, unless --force).",
                    "--force releases them too: their pods keep addresses nobody owns, so only for a pool being retired."})
    static final class Del implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Delete even with addresses allocated, releasing them.")
        boolean force;

        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            try (Datastore store = ClusterCommand.open(datastore)) {
                PoolAdmin.Deleted d = new PoolAdmin(store).del(name, force);
                System.out.println("pool " + d.pool() + " deleted: " + d.blocksDeleted() + " block(s) returned, "
                        + d.addressesReleased() + " address(es) released, " + d.handlesUpdated() + " handle(s) updated");
                if (!d.leftBehind().isEmpty()) {
                    System.err.println("blocks that gained an allocation meanwhile, left in place: " + d.leftBehind());
                    return 1;
                }
            }
            return 0;
        }
    }
}
