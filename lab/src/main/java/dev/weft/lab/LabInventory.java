package dev.weft.lab;

import dev.weft.cluster.Inventory;
import dev.weft.netlink.ns.NetNs;
import dev.weft.policy.manifest.PolicyManifest;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lab's writes to its datastore (pod labels and ports, namespace labels, policies). With the
 * embedded store they happen here; etcd listens inside the fabric namespace, out of this
 * process's reach, so there they run as {@code weft} commands inside that namespace.
 */
public final class LabInventory {
    private final LabLayout layout;
    private final LabState state;

    public LabInventory(LabLayout layout, LabState state) {
        this.layout = layout;
        this.state = state;
    }

    /**
     * One change to the lab's inventory: made here on an embedded datastore, or, with etcd (which
     * only the fabric namespace reaches), by the same {@code weft} command a user would run there.
     */
    private void change(Consumer<Inventory> here, String input, List<String> weftArgs) {
        if (!state.datastore().startsWith("etcd://")) {
            try (Datastore ds = new EmbeddedDatastore(Path.of(state.datastore()))) {
                here.accept(new Inventory(ds));
            }
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(layout.fabricNs()), "--"));
        LabEnv env = new LabEnv(Path.of(state.javaHome()), state.classpath());
        List<String> full = new ArrayList<>(weftArgs);
        full.addAll(List.of("--datastore", state.datastore()));
        cmd.addAll(env.weft(full.toArray(String[]::new)));
        LabExec.Result r = LabExec.captureWithInput(cmd, input);
        if (r.exit() != 0) {
            throw new IllegalStateException("weft " + String.join(" ", weftArgs) + ": " + r.output().strip());
        }
    }

    public void podMeta(String pod, Map<String, String> labels, Map<String, Inventory.Port> ports) {
        String[] nsName = LabLayout.checkPod(pod).split("/", 2);
        List<String> args = new ArrayList<>(List.of("pod", "label", nsName[0] + "/" + nsName[1]));
        labels.forEach((k, v) -> args.add(k + "=" + v));
        ports.forEach((n, p) -> args.addAll(List.of("--port", n + "=" + p.port() + "/" + p.protocol())));
        change(inv -> inv.putPodMeta(nsName[0], nsName[1], new Inventory.PodMeta(labels, ports)), null, args);
    }

    public void namespaceLabels(String namespace, Map<String, String> labels) {
        List<String> args = new ArrayList<>(List.of("namespace", "label", namespace));
        labels.forEach((k, v) -> args.add(k + "=" + v));
        change(inv -> inv.putNamespaceLabels(namespace, labels), null, args);
    }

    public void applyPolicy(String manifest) {
        List<PolicyManifest.Sourced> policies = PolicyManifest.parseEach(manifest); // fails here, with the path
        change(inv -> inv.putPolicies(policies.stream().map(p -> new Inventory.PolicyDocument(
                        p.policy().namespace(), p.policy().name(), p.json())).toList()), // one commit, as weft policy apply
                manifest, List.of("policy", "apply", "-f", "-"));
    }

    public void deletePolicy(String key) {
        String[] nsName = key.split("/", 2);
        change(inv -> inv.deletePolicy(nsName[0], nsName[1]), null, List.of("policy", "delete", key));
    }
}
