package dev.weft.policy.testing;

import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.ContainerPort;
import dev.weft.policy.LabelRequirement;
import dev.weft.policy.LabelSelector;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyPeer;
import dev.weft.policy.PolicyPort;
import dev.weft.policy.PolicyRule;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Small random clusters and policies from a seed, drawn from a deliberately tiny vocabulary (two
 * namespaces, labels app∈{a,b,c} and tier∈{1,2}, ports 80/81) so selectors overlap often and the
 * corner cases (absent vs empty, NotIn on missing keys, named ports a pod lacks) come up constantly.
 */
public final class RandomCluster {
    private static final List<String> NS = List.of("x", "y");
    private final Random r;

    public RandomCluster(long seed) {
        this.r = new Random(seed);
    }

    public ClusterSnapshot cluster(int policyCount) {
        List<NamespaceInfo> namespaces = new ArrayList<>();
        List<PodInfo> pods = new ArrayList<>();
        for (int n = 0; n < NS.size(); n++) {
            namespaces.add(NamespaceInfo.of(NS.get(n), Map.of("env", r.nextBoolean() ? "prod" : "dev")));
            int count = 2 + r.nextInt(4);
            for (int i = 0; i < count; i++) {
                pods.add(pod(NS.get(n), "p" + i, IpAddress.parse("10.0." + n + "." + (i * 3 + 1))));
            }
        }
        List<NetworkPolicy> policies = new ArrayList<>();
        for (int i = 0; i < policyCount; i++) {
            policies.add(policy("pol" + i));
        }
        return new ClusterSnapshot(namespaces, pods, policies);
    }

    private PodInfo pod(String ns, String name, IpAddress ip) {
        TreeMap<String, String> labels = new TreeMap<>();
        String app = pick(List.of("a", "b", "c", ""));
        if (!app.isEmpty()) {
            labels.put("app", app);
        }
        if (r.nextBoolean()) {
            labels.put("tier", pick(List.of("1", "2")));
        }
        Map<String, ContainerPort> ports = new TreeMap<>();
        if (r.nextBoolean()) {
            ports.put("web", new ContainerPort(80 + r.nextInt(2), Protocol.TCP));
        }
        if (r.nextBoolean()) {
            ports.put("dns", new ContainerPort(80, r.nextBoolean() ? Protocol.UDP : Protocol.TCP));
        }
        return PodInfo.of(ns, name, labels, r.nextBoolean() ? "n1" : "n2", ip).withNamedPorts(ports);
    }

    public NetworkPolicy policy(String name) {
        Set<PolicyType> types = switch (r.nextInt(3)) {
            case 0 -> EnumSet.of(PolicyType.INGRESS);
            case 1 -> EnumSet.of(PolicyType.EGRESS);
            default -> EnumSet.of(PolicyType.INGRESS, PolicyType.EGRESS);
        };
        return new NetworkPolicy(pick(NS), name, selector(), types, rules(), rules());
    }

    /** A policy that only isolates for ingress, for the monotonicity properties. */
    public NetworkPolicy ingressPolicy(String name) {
        return new NetworkPolicy(pick(NS), name, selector(), EnumSet.of(PolicyType.INGRESS), rules(), List.of());
    }

    private List<PolicyRule> rules() {
        List<PolicyRule> out = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            List<PolicyPeer> peers = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                peers.add(peer());
            }
            List<PolicyPort> ports = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                ports.add(port());
            }
            out.add(new PolicyRule(peers, ports));
        }
        return out;
    }

    private PolicyPeer peer() {
        return switch (r.nextInt(4)) {
            case 0 -> new PolicyPeer.Selector(Optional.of(selector()), Optional.empty());
            case 1 -> new PolicyPeer.Selector(Optional.empty(), Optional.of(nsSelector()));
            case 2 -> new PolicyPeer.Selector(Optional.of(selector()), Optional.of(nsSelector()));
            default -> r.nextBoolean() ? PolicyPeer.IpBlock.of("10.0.0.0/16", "10.0.1.0/28")
                    : PolicyPeer.IpBlock.of("10.0." + r.nextInt(2) + ".0/28");
        };
    }

    private PolicyPort port() {
        Protocol proto = r.nextInt(3) == 0 ? Protocol.UDP : Protocol.TCP;
        return switch (r.nextInt(4)) {
            case 0 -> PolicyPort.of(proto, 80, 80 + r.nextInt(2));
            case 1 -> PolicyPort.named(proto, pick(List.of("web", "dns", "none")));
            case 2 -> PolicyPort.any(proto);
            default -> PolicyPort.of(proto, 81, 81);
        };
    }

    private LabelSelector selector() {
        return switch (r.nextInt(5)) {
            case 0 -> LabelSelector.ALL;
            case 1 -> LabelSelector.labels(Map.of("app", pick(List.of("a", "b", "c"))));
            default -> new LabelSelector(new TreeMap<>(), List.of(requirement()));
        };
    }

    private LabelRequirement requirement() {
        String key = pick(List.of("app", "tier"));
        LabelRequirement.Operator op = pick(List.of(LabelRequirement.Operator.values()));
        boolean needsValues = op == LabelRequirement.Operator.IN || op == LabelRequirement.Operator.NOT_IN;
        List<String> values = needsValues ? List.of(key.equals("app") ? pick(List.of("a", "b")) : "1") : List.of();
        return new LabelRequirement(key, op, values);
    }

    private LabelSelector nsSelector() {
        return r.nextBoolean() ? LabelSelector.ALL : LabelSelector.labels(Map.of("env", pick(List.of("prod", "dev"))));
    }

    private <T> T pick(List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
