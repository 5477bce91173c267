package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.ContainerPort;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyException;
import dev.weft.policy.Protocol;
import dev.weft.policy.manifest.PolicyManifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The datastore's pods, labels, namespaces and policies as one {@link ClusterSnapshot}. A policy
 * document is parsed once per revision: rounds that find it unchanged reuse the parsed policies
 * (parsing is most of a round's cost with many policies).
 */
public final class Snapshots {
    private static final System.Logger LOG = System.getLogger(Snapshots.class.getName());

    private record Parsed(long revision, List<NetworkPolicy> policies) {
    }

    private final Inventory inventory;
    private Map<String, Parsed> parsed = Map.of();

    public Snapshots(Inventory inventory) {
        this.inventory = inventory;
    }

    /** The cluster as it is in the datastore now. */
    public synchronized ClusterSnapshot read() {
        Map<String, Inventory.PodMeta> metas = inventory.podMetas();
        List<PodInfo> pods = new ArrayList<>();
        for (Inventory.Pod p : inventory.pods()) {
            Inventory.PodMeta meta = metas.getOrDefault(p.key(), new Inventory.PodMeta(Map.of(), Map.of()));
            TreeMap<String, ContainerPort> ports = new TreeMap<>();
            meta.ports().forEach((name, port) -> ports.put(name, new ContainerPort(port.port(), Protocol.parse(port.protocol()))));
            pods.add(new PodInfo(p.namespace(), p.name(), new TreeMap<>(meta.labels()), p.ips(), ports, p.node(),
                    p.hostIface()));
        }
        List<NetworkPolicy> policies = policies();
        Map<String, Map<String, String>> nsLabels = inventory.namespaces();
        TreeSet<String> names = new TreeSet<>(nsLabels.keySet());
        pods.forEach(p -> names.add(p.namespace()));
        policies.forEach(p -> names.add(p.namespace()));
        List<NamespaceInfo> namespaces = names.stream()
                .map(n -> NamespaceInfo.of(n, nsLabels.getOrDefault(n, Map.of()))).toList();
        return new ClusterSnapshot(namespaces, pods, policies);
    }

    /** Every valid stored policy; an invalid document is logged once per revision and left out. */
    private List<NetworkPolicy> policies() {
        Map<String, Parsed> now = new HashMap<>();
        inventory.storedPolicies().forEach((key, stored) -> {
            Parsed before = parsed.get(key);
            now.put(key, before != null && before.revision() == stored.revision() ? before
                    : new Parsed(stored.revision(), parse(key, stored.json())));
        });
        parsed = now;
        List<NetworkPolicy> out = new ArrayList<>();
        new TreeMap<>(now).values().forEach(p -> out.addAll(p.policies()));
        return out;
    }

    private static List<NetworkPolicy> parse(String key, String json) {
        try {
            return PolicyManifest.parse(json);
        } catch (PolicyException e) {
            LOG.log(System.Logger.Level.ERROR, "policy " + key + " in the datastore is invalid and ignored: " + e.getMessage());
            return List.of();
        }
    }
}
