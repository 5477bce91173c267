package dev.weft.cli.policy;

import dev.weft.node.policy.Snapshots;
import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.cluster.Inventory;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyException;
import dev.weft.policy.Protocol;
import dev.weft.policy.eval.Endpoint;
import dev.weft.policy.eval.Explain;
import dev.weft.policy.manifest.PolicyManifest;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code weft policy}: Kubernetes NetworkPolicy manifests in the datastore, enforced by every agent. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "NetworkPolicy (networking.k8s.io/v1): apply, delete, list, explain, drops.",
        subcommands = {PolicyCommand.Apply.class, PolicyCommand.Delete.class, PolicyCommand.ListCmd.class,
                PolicyCommand.ExplainCmd.class, DropsCommand.class})
public final class PolicyCommand {

    /** {@code --datastore}, shared. */
    static final class Store {
        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        Datastore open() {
            return ClusterCommand.open(datastore);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Store the policies of a YAML or JSON manifest (at most 8 MiB): all are checked, then stored in one "
                    + "transaction, all or none.")
    static final class Apply implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Store store;
        @Option(names = "-f", required = true, description = "Manifest file, or - for stdin.")
        String file;

        @Override
        public Integer call() throws IOException {
            String source = file.equals("-") ? "stdin" : file;
            List<PolicyManifest.Sourced> policies;
            try {
                policies = PolicyManifest.parseEach(PolicyManifest.text(read())); // throws with the field path
            } catch (PolicyException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
            if (policies.isEmpty()) {
                throw new IllegalArgumentException(source + ": no documents, so no policy to apply (nothing was stored)");
            }
            try (Datastore ds = store.open()) {
                new Inventory(ds).putPolicies(policies.stream().map(p -> new Inventory.PolicyDocument(
                        p.policy().namespace(), p.policy().name(), p.json())).toList());
            }
            for (PolicyManifest.Sourced p : policies) {
                System.out.println("networkpolicy " + p.policy().namespace() + "/" + p.policy().name() + " applied");
            }
            return 0;
        }

        /** The manifest's bytes, refused by size before it is read whole. */
        private byte[] read() throws IOException {
            if (file.equals("-")) {
                byte[] bytes = System.in.readNBytes(PolicyManifest.MAX_BYTES + 1);
                if (bytes.length > PolicyManifest.MAX_BYTES) {
                    throw new IllegalArgumentException("stdin: the manifest is over the limit of " + PolicyManifest.MAX_BYTES
                            + " bytes (8 MiB); split it");
                }
                return bytes;
            }
            Path path = Path.of(file);
            long size = Files.size(path);
            if (size > PolicyManifest.MAX_BYTES) {
                throw new IllegalArgumentException(file + ": " + PolicyManifest.tooLarge(size));
            }
            return Files.readAllBytes(path);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete NS/NAME.")
    static final class Delete implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Store store;
        @Parameters(paramLabel = "NS/NAME")
        String key;

        @Override
        public Integer call() {
            String[] nsName = Names.split(key, "policy");
            try (Datastore ds = store.open()) {
                if (!new Inventory(ds).deletePolicy(nsName[0], nsName[1])) {
                    System.err.println("no policy " + nsName[0] + "/" + nsName[1]);
                    return 1;
                }
            }
            System.out.println("networkpolicy " + nsName[0] + "/" + nsName[1] + " deleted");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored policies.")
    static final class ListCmd implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Store store;

        @Override
        public Integer call() {
            try (Datastore ds = store.open()) {
                for (NetworkPolicy p : new Snapshots(new Inventory(ds)).read().policies()) {
                    System.out.printf("%-30s types=%s ingress=%d egress=%d%n", p.namespace() + "/" + p.name(),
                            p.policyTypes(), p.ingress().size(), p.egress().size());
                }
            }
            return 0;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Which policies select each side of FROM -> TO on PORT/PROTO, the verdict, and the rule that decided it.")
    static final class ExplainCmd implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Store store;
        @Parameters(index = "0", paramLabel = "FROM", description = "NS/POD, POD (namespace default) or an IP.")
        String from;
        @Parameters(index = "1", paramLabel = "TO")
        String to;
        @Parameters(index = "2", paramLabel = "PORT/PROTO", description = "e.g. 80/TCP (TCP when omitted).")
        String portProto;

        @Override
        public Integer call() {
            String[] pp = portProto.split("/", 2);
            int port;
            try {
                port = Integer.parseInt(pp[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PORT/PROTO \"" + portProto + "\": the port is not a number");
            }
            Protocol proto = pp.length > 1 ? Protocol.parse(pp[1]) : Protocol.TCP;
            try (Datastore ds = store.open()) {
                ClusterSnapshot snap = new Snapshots(new Inventory(ds)).read();
                System.out.print(Explain.explain(snap, endpoint(snap, from), endpoint(snap, to), port, proto));
            }
            return 0;
        }

        static Endpoint endpoint(ClusterSnapshot snap, String text) {
            if (!text.contains("/") && (text.contains(".") || text.contains(":"))) {
                IpAddress ip = IpAddress.parse(text);
                return snap.pods().stream().filter(p -> p.ips().contains(ip)).findFirst()
                        .<Endpoint>map(Endpoint.Pod::new).orElse(new Endpoint.External(ip));
            }
            String[] nsName = Names.split(text.contains("/") ? text : "default/" + text, "pod");
            PodInfo pod = snap.pod(nsName[0], nsName[1]).orElseThrow(() -> new IllegalArgumentException(
                    "no pod " + nsName[0] + "/" + nsName[1] + " is known to the datastore"));
            return new Endpoint.Pod(pod);
        }
    }
}
