package dev.weft.policy.testing;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.ContainerPort;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.Protocol;
import dev.weft.policy.manifest.PolicyManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes e2e NetworkPolicy matrix: namespaces x, y, z (labelled ns=x…), pods a, b, c in each
 * (labelled pod=a…), serving 80 and 81 on TCP and UDP under the e2e port names. Pod a runs on node-1,
 * b on node-2 and c on node-1 again, so both same-node and cross-node paths are exercised.
 * x/a is 10.0.1.1, y/b is 10.0.2.2 and so on.
 */
public final class E2eCluster {
    public static final List<String> NAMESPACES = List.of("x", "y", "z");
    public static final List<String> PODS = List.of("a", "b", "c");

    private E2eCluster() {
    }

    public static ClusterSnapshot with(List<NetworkPolicy> policies) {
        List<NamespaceInfo> namespaces = new ArrayList<>();
        List<PodInfo> pods = new ArrayList<>();
        for (int n = 0; n < NAMESPACES.size(); n++) {
            String ns = NAMESPACES.get(n);
            namespaces.add(NamespaceInfo.of(ns, Map.of("ns", ns)));
            for (int p = 0; p < PODS.size(); p++) {
                pods.add(pod(ns, PODS.get(p), n + 1, p + 1));
            }
        }
        return new ClusterSnapshot(namespaces, pods, policies);
    }

    /** Policies from YAML, with the cluster above. */
    public static ClusterSnapshot with(String yaml) {
        return with(PolicyManifest.parse(yaml));
    }

    private static PodInfo pod(String ns, String name, int n, int p) {
        String node = name.equals("b") ? "node-2" : "node-1";
        return PodInfo.of(ns, name, Map.of("pod", name), node, IpAddress.parse("10.0." + n + "." + p))
                .withNamedPorts(Map.of(
                        "serve-80-tcp", new ContainerPort(80, Protocol.TCP),
                        "serve-81-tcp", new ContainerPort(81, Protocol.TCP),
                        "serve-80-udp", new ContainerPort(80, Protocol.UDP),
                        "serve-81-udp", new ContainerPort(81, Protocol.UDP)))
                .withHostIface(InterfaceName.of("veth" + ns + name));
    }

    public static PodInfo pod(ClusterSnapshot cluster, String key) {
        String[] parts = key.split("/");
        return cluster.pod(parts[0], parts[1]).orElseThrow();
    }

    /** Every pod key, {@code x/a} … {@code z/c}. */
    public static List<String> keys() {
        List<String> out = new ArrayList<>();
        NAMESPACES.forEach(ns -> PODS.forEach(p -> out.add(ns + "/" + p)));
        return out;
    }
}
