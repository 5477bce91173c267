package dev.weft.policy.eval;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyPeer;
import dev.weft.policy.PolicyRule;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The reference semantics of NetworkPolicy, written for clarity rather than speed: the oracle the
 * compiler is tested against and the engine behind {@code weft policy explain}.
 *
 * <p>A connection is allowed iff the source pod's egress side and the destination pod's ingress side
 * both allow it. A side allows if the end is not a pod, if no policy in the pod's namespace selects it
 * for that direction, if the other end is the pod's own node, or if some rule of a selecting policy
 * matches: the peer (absent = any) and the port (absent = any; names resolved on the destination pod).
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    public static Verdict evaluate(ClusterSnapshot cluster, Endpoint from, Endpoint to, int port, Protocol proto) {
        Verdict.Side egress = side(cluster, PolicyType.EGRESS, from, to, port, proto);
        Verdict.Side ingress = side(cluster, PolicyType.INGRESS, to, from, port, proto);
        return Verdict.of(egress, ingress);
    }

    /** Convenience for the common pod-to-pod question. */
    public static boolean allows(ClusterSnapshot cluster, PodInfo from, PodInfo to, int port, Protocol proto) {
        return evaluate(cluster, new Endpoint.Pod(from), new Endpoint.Pod(to), port, proto).allowed();
    }

    /** The decision of {@code self}'s side for traffic with {@code other}, in {@code direction}. */
    private static Verdict.Side side(ClusterSnapshot cluster, PolicyType direction, Endpoint self, Endpoint other,
                                     int port, Protocol proto) {
        if (!(self instanceof Endpoint.Pod(PodInfo pod))) {
            return new Verdict.Side(direction, Verdict.Outcome.NOT_A_POD, List.of(), List.of());
        }
        List<NetworkPolicy> selecting = cluster.isolating(pod, direction);
        List<String> keys = selecting.stream().map(NetworkPolicy::key).toList();
        if (selecting.isEmpty()) {
            return new Verdict.Side(direction, Verdict.Outcome.NOT_ISOLATED, keys, List.of());
        }
        if (other instanceof Endpoint.Node node && node.nodeName().equals(pod.nodeName())) {
            return new Verdict.Side(direction, Verdict.Outcome.NODE_LOCAL, keys, List.of());
        }
        // Named ports are resolved on the destination: for ingress that is this pod, for egress the peer.
        Optional<PodInfo> destination = direction == PolicyType.INGRESS ? Optional.of(pod) : other.pod();
        List<RuleRef> allowed = new ArrayList<>();
        for (NetworkPolicy policy : selecting) {
            List<PolicyRule> rules = policy.rules(direction);
            for (int r = 0; r < rules.size(); r++) {
                PolicyRule rule = rules.get(r);
                boolean portOk = rule.ports().isEmpty()
                        || rule.ports().stream().anyMatch(p -> p.matches(port, proto, destination));
                if (!portOk) {
                    continue;
                }
                if (rule.peers().isEmpty()) {
                    allowed.add(new RuleRef(policy.key(), direction, r, OptionalInt.empty()));
                }
                for (int i = 0; i < rule.peers().size(); i++) {
                    if (peerMatches(cluster, rule.peers().get(i), policy.namespace(), other)) {
                        allowed.add(new RuleRef(policy.key(), direction, r, OptionalInt.of(i)));
                    }
                }
            }
        }
        Verdict.Outcome outcome = allowed.isEmpty() ? Verdict.Outcome.NO_RULE_ALLOWED : Verdict.Outcome.ALLOWED_BY_RULE;
        return new Verdict.Side(direction, outcome, keys, allowed);
    }

    private static boolean peerMatches(ClusterSnapshot cluster, PolicyPeer peer, String policyNamespace, Endpoint e) {
        return switch (e) {
            case Endpoint.Pod(PodInfo pod) -> cluster.selects(peer, policyNamespace, pod);
            case Endpoint.Node n -> peer instanceof PolicyPeer.IpBlock b && b.contains(n.ip());
            case Endpoint.External x -> peer instanceof PolicyPeer.IpBlock b && b.contains(x.ip());
        };
    }
}
