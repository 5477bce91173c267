package dev.weft.agent.policy;

import dev.weft.cluster.Inventory;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.ContainerPort;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyException;
import dev.weft.policy.Protocol;
import dev.weft.policy.manifest.PolicyManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The datastore's pods, labels, namespaces and policies as one {@link ClusterSnapshot}. */
public final class Snapshots {
    private static final System.Logger LOG = System.getLogger(Snapshots.class.getName());

    private Snapshots() {
    }

    public static ClusterSnapshot read(Inventory inv) {
        Map<String, Inventory.PodMeta> metas = inv.podMetas();
        List<PodInfo> pods = new ArrayList<>();
        for (Inventory.Pod p : inv.pods()) {
            Inventory.PodMeta meta = metas.getOrDefault(p.namespace() + "/" + p.name(), new Inventory.PodMeta(Map.of(), Map.of()));
            Map<String, ContainerPort> ports = new TreeMap<>();
            meta.ports().forEach((name, port) -> ports.put(name, new ContainerPort(port.port(), Protocol.parse(port.protocol()))));
            pods.add(new PodInfo(p.namespace(), p.name(), new TreeMap<>(meta.labels()),
                    p.ips().stream().map(IpAddress::parse).toList(), new TreeMap<>(ports), p.node(),
                    Optional.ofNullable(p.hostIface()).map(InterfaceName::of)));
        }
        List<NetworkPolicy> policies = new ArrayList<>();
        inv.policies().forEach((key, json) -> {
            try {
                policies.addAll(PolicyManifest.parse(json));
            } catch (PolicyException e) {
                LOG.log(System.Logger.Level.ERROR, "policy " + key + " in the datastore is invalid and ignored: " + e.getMessage());
            }
        });
        Map<String, Map<String, String>> nsLabels = inv.namespaces();
        TreeSet<String> names = new TreeSet<>(nsLabels.keySet());
        pods.forEach(p -> names.add(p.namespace()));
        policies.forEach(p -> names.add(p.namespace()));
        List<NamespaceInfo> namespaces = names.stream()
                .map(n -> NamespaceInfo.of(n, nsLabels.getOrDefault(n, Map.of()))).toList();
        return new ClusterSnapshot(namespaces, pods, policies);
    }
}
