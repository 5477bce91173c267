package dev.weft.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster state policy depends on, at one moment: namespaces, pods and policies, each sorted by key
 * so that everything derived from a snapshot (verdicts, compiled rulesets) is deterministic.
 * It also holds the one definition of "which pods a peer selects", shared by the evaluator and the compiler
 * so that the two cannot drift apart.
 */
public record ClusterSnapshot(List<NamespaceInfo> namespaces, List<PodInfo> pods, List<NetworkPolicy> policies) {

    public ClusterSnapshot {
        namespaces = namespaces.stream().sorted(Comparator.comparing(NamespaceInfo::name)).toList();
        pods = pods.stream().sorted(Comparator.comparing(PodInfo::key)).toList();
        policies = policies.stream().sorted(Comparator.comparing(NetworkPolicy::key)).toList();
        uniqueKeys("namespace", namespaces, NamespaceInfo::name);
        uniqueKeys("pod", pods, PodInfo::key);
        uniqueKeys("policy", policies, NetworkPolicy::key);
    }

    private static <T> void uniqueKeys(String what, List<T> items, Function<T, String> key) {
        Map<String, Long> counts = items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
        counts.forEach((k, n) -> {
            if (n > 1) {
                throw new IllegalArgumentException("duplicate " + what + " " + k + " in snapshot");
            }
        });
    }

    public ClusterSnapshot withPods(List<PodInfo> newPods) {
        return new ClusterSnapshot(namespaces, newPods, policies);
    }

    public ClusterSnapshot withPolicies(List<NetworkPolicy> newPolicies) {
        return new ClusterSnapshot(namespaces, pods, newPolicies);
    }

    /** A namespace's labels; a namespace we were not told about still carries its name label, as the API server guarantees. */
    public SortedMap<String, String> namespaceLabels(String namespace) {
        return namespaces.stream().filter(n -> n.name().equals(namespace)).findFirst()
                .orElseGet(() -> NamespaceInfo.of(namespace, Map.of())).labels();
    }

    public Optional<PodInfo> pod(String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst();
    }

    /** The policies that isolate {@code pod} in {@code direction}, in key order. */
    public List<NetworkPolicy> isolating(PodInfo pod, PolicyType direction) {
        return policies.stream().filter(p -> p.isolates(pod, direction)).toList();
    }

    /**
     * Whether {@code peer} of a policy in {@code policyNamespace} selects {@code pod}. Pods are matched by
     * ipBlock through their IPs (any of them): Kubernetes leaves this unspecified, and matching is what
     * Calico, Cilium and kube-router do, since on the wire a pod is just its address.
     */
    public boolean selects(PolicyPeer peer, String policyNamespace, PodInfo pod) {
        return switch (peer) {
            case PolicyPeer.Selector s -> s.namespaceSelector()
                    .map(ns -> ns.matches(namespaceLabels(pod.namespace())))
                    .orElse(pod.namespace().equals(policyNamespace))
                    && s.podSelector().map(ps -> ps.matches(pod.labels())).orElse(true);
            case PolicyPeer.IpBlock b -> pod.ips().stream().anyMatch(b::contains);
        };
    }

    /** Every pod in the cluster that {@code peer} selects, in key order. */
    public List<PodInfo> selected(PolicyPeer peer, String policyNamespace) {
        return pods.stream().filter(p -> selects(peer, policyNamespace, p)).toList();
    }
}
