package dev.weft.node.policy;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.PodRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Pods and policies for the enforcement tests. */
final class PolicyFixtures {
    private PolicyFixtures() {
    }

    static final String DENY_ALL_IN_X = """
            {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
             "metadata": {"name": "deny", "namespace": "x"},
             "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}""";

    static final String ALLOW_FROM_Y = """
            {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
             "metadata": {"name": "from-y", "namespace": "x"},
             "spec": {"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"team": "y"}}}]}]}}""";

    /** The weft plugin's record of pod {@code ns/name} on this node. */
    static PodRecord record(Path dataDir, String ns, String name, String ip, String hostIface) {
        PodRecord r = new PodRecord(ns, name, "cid-" + name, "eth0", List.of(IpAddress.parse(ip)),
                Optional.of(InterfaceName.of(hostIface)));
        r.write(dataDir);
        return r;
    }
}
