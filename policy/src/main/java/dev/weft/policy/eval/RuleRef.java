package dev.weft.policy.eval;

import dev.weft.policy.PolicyType;

import java.util.OptionalInt;

/**
 * The rule that allowed a connection: the policy, the index of the rule in its ingress or egress list,
 * and the index of the matching peer (empty when the rule has no peers, i.e. allows every peer).
 */
public record RuleRef(String policy, PolicyType direction, int rule, OptionalInt peer) {

    /** {@code x/allow-web ingress[0].from[1]}, the manifest path of the allowing peer. */
    @Override
    public String toString() {
        String list = direction == PolicyType.INGRESS ? "ingress" : "egress";
        String peers = direction == PolicyType.INGRESS ? "from" : "to";
        String base = policy + " " + list + "[" + rule + "]";
        return peer.isPresent() ? base + "." + peers + "[" + peer.getAsInt() + "]" : base + " (any " + peers + ")";
    }
}
