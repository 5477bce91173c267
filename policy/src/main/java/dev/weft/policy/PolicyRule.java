package dev.weft.policy;

import java.util.List;

/**
 * One ingress or egress rule. An empty {@code peers} list matches every peer and an empty {@code ports}
 * list every port: Kubernetes gives absent and empty lists the same meaning here, so one type serves both.
 */
public record PolicyRule(List<PolicyPeer> peers, List<PolicyPort> ports) {
    public static final PolicyRule ALLOW_ALL = new PolicyRule(List.of(), List.of());

    public PolicyRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    public static PolicyRule from(List<PolicyPeer> peers, PolicyPort... ports) {
        return new PolicyRule(peers, List.of(ports));
    }
}
