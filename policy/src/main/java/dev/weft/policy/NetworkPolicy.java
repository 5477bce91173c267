package dev.weft.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1} NetworkPolicy after defaulting: {@code policyTypes} is never empty.
 * Rules of a direction not in {@code policyTypes} are kept (the API keeps them) but have no effect.
 */
public record NetworkPolicy(String namespace, String name, LabelSelector podSelector, Set<PolicyType> policyTypes,
                            List<PolicyRule> ingress, List<PolicyRule> egress) {

    public NetworkPolicy {
        PodInfo.requireText("policy namespace", namespace);
        PodInfo.requireText("policy name", name);
        if (policyTypes.isEmpty()) {
            throw new IllegalArgumentException("policy " + namespace + "/" + name + " has no policyTypes");
        }
        policyTypes = Collections.unmodifiableSet(EnumSet.copyOf(policyTypes));
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** Whether this policy isolates {@code pod} in {@code direction}: same namespace, selected, type listed. */
    public boolean isolates(PodInfo pod, PolicyType direction) {
        return policyTypes.contains(direction) && pod.namespace().equals(namespace) && podSelector.matches(pod.labels());
    }

    public List<PolicyRule> rules(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
