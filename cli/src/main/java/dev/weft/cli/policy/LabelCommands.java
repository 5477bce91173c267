package dev.weft.cli.policy;

import dev.weft.cluster.Inventory;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code weft pod label} and {@code weft namespace label}: the API server's part, in the datastore. */
public final class LabelCommands {
    private LabelCommands() {
    }

    /** {@code k=v} sets, {@code k-} removes, as kubectl label does. */
    static Map<String, String> apply(Map<String, String> current, java.util.List<String> changes) {
        Map<String, String> out = new TreeMap<>(current);
        for (String c : changes) {
            if (c.endsWith("-") && !c.contains("=")) {
                out.remove(c.substring(0, c.length() - 1));
            } else {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("label \"" + c + "\": expected KEY=VALUE or KEY-");
                }
                out.put(c.substring(0, eq), c.substring(eq + 1));
            }
        }
        return out;
    }

    @Command(name = "pod", mixinStandardHelpOptions = true, description = "Label a pod and name its ports: pod label NS/NAME KEY=VALUE... [--port NAME=PORT/PROTO].",
            subcommands = PodLabel.class)
    public static final class PodCommand {
    }

    @Command(name = "label", mixinStandardHelpOptions = true, description = "Set (k=v) or remove (k-) a pod's labels; set its named ports.")
    static final class PodLabel implements Callable<Integer> {
        @Mixin
        PolicyCommand.Store store;
        @Parameters(index = "0", paramLabel = "NS/NAME")
        String pod;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE|KEY-")
        java.util.List<String> labels = java.util.List.of();
        @Option(names = "--port", description = "Named container port NAME=PORT/PROTO (repeatable).")
        Map<String, String> ports = new LinkedHashMap<>();

        @Override
        public Integer call() {
            String[] nsName = Names.split(pod, "pod");
            try (Datastore ds = store.open()) {
                Inventory inv = new Inventory(ds);
                Inventory.PodMeta cur = inv.podMeta(nsName[0], nsName[1]).orElse(new Inventory.PodMeta(Map.of(), Map.of()));
                Map<String, Inventory.Port> named = new TreeMap<>(cur.ports());
                ports.forEach((name, spec) -> named.put(name, Inventory.Port.parse(spec, "--port " + name)));
                inv.putPodMeta(nsName[0], nsName[1], new Inventory.PodMeta(apply(cur.labels(), labels), named));
            }
            return 0;
        }
    }

    @Command(name = "namespace", mixinStandardHelpOptions = true, description = "Label a namespace: namespace label NS KEY=VALUE...",
            subcommands = NamespaceLabel.class)
    public static final class NamespaceCommand {
    }

    @Command(name = "label", mixinStandardHelpOptions = true, description = "Set (k=v) or remove (k-) a namespace's labels.")
    static final class NamespaceLabel implements Callable<Integer> {
        @Mixin
        PolicyCommand.Store store;
        @Parameters(index = "0", paramLabel = "NS")
        String namespace;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE|KEY-")
        java.util.List<String> labels = java.util.List.of();

        @Override
        public Integer call() {
            try (Datastore ds = store.open()) {
                Inventory inv = new Inventory(ds);
                inv.putNamespaceLabels(namespace, apply(inv.namespaces().getOrDefault(namespace, Map.of()), labels));
            }
            return 0;
        }
    }
}
