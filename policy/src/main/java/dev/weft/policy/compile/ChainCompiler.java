package dev.weft.policy.compile;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyPeer;
import dev.weft.policy.PolicyPort;
import dev.weft.policy.PolicyRule;
import dev.weft.policy.PolicyType;
import dev.weft.policy.PortRange;
import dev.weft.policy.Protocol;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles the policies isolating one local pod in one direction into terms: for each rule, each peer
 * (or "any"), each address family the peer can match and each protocol of its ports. Named ports are
 * resolved on the destination: on this pod for ingress (into plain port numbers), per peer pod for
 * egress (into a named-port set).
 */
final class ChainCompiler {
    private final ClusterSnapshot cluster;
    private final SetRegistry sets;

    ChainCompiler(ClusterSnapshot cluster, SetRegistry sets) {
        this.cluster = cluster;
        this.sets = sets;
    }

    List<Term> terms(PodInfo pod, PolicyType direction) {
        List<Term> out = new ArrayList<>();
        String list = direction == PolicyType.INGRESS ? "ingress" : "egress";
        String peersField = direction == PolicyType.INGRESS ? "from" : "to";
        for (NetworkPolicy policy : cluster.isolating(pod, direction)) {
            List<PolicyRule> rules = policy.rules(direction);
            for (int r = 0; r < rules.size(); r++) {
                PolicyRule rule = rules.get(r);
                String at = policy.key() + " " + list + "[" + r + "]";
                if (rule.peers().isEmpty()) {
                    peerTerms(out, policy, Optional.empty(), rule, pod, direction, at);
                }
                for (int j = 0; j < rule.peers().size(); j++) {
                    String comment = at + "." + peersField + "[" + j + "]";
                    peerTerms(out, policy, Optional.of(rule.peers().get(j)), rule, pod, direction, comment);
                }
            }
        }
        return out;
    }

    private void peerTerms(List<Term> out, NetworkPolicy policy, Optional<PolicyPeer> peer, PolicyRule rule,
                           PodInfo pod, PolicyType direction, String comment) {
        Optional<PodInfo> localDestination = direction == PolicyType.INGRESS ? Optional.of(pod) : Optional.empty();
        List<PortMatch> ports = portMatches(rule.ports(), localDestination);
        // Only ask for peer sets a rule will use: a set nothing refers to is dead weight in the kernel.
        for (AddrMatch addr : ports.isEmpty() ? List.<AddrMatch>of() : addrMatches(peer, policy.namespace())) {
            for (PortMatch pm : ports) {
                out.add(new Term(addr, pm, comment));
            }
        }
        List<PolicyPort> named = rule.ports().stream().filter(p -> p.port() instanceof PolicyPort.Named).toList();
        if (direction == PolicyType.EGRESS && !named.isEmpty()) {
            for (boolean v6 : families(peer)) {
                String set = sets.namedPortSet(peer, policy.namespace(), named, v6);
                out.add(new Term(new AddrMatch.InPortSet(v6, set), PortMatch.ANY, comment));
            }
        }
    }

    private List<AddrMatch> addrMatches(Optional<PolicyPeer> peer, String policyNamespace) {
        if (peer.isEmpty()) {
            return List.of(new AddrMatch.Any());
        }
        return switch (peer.get()) {
            case PolicyPeer.IpBlock b -> List.of(new AddrMatch.InBlock(b.cidr(), b.outermostExcepts()));
            case PolicyPeer.Selector s -> List.of(
                    new AddrMatch.InSet(false, sets.peerSet(s, policyNamespace, false)),
                    new AddrMatch.InSet(true, sets.peerSet(s, policyNamespace, true)));
        };
    }

    private static List<Boolean> families(Optional<PolicyPeer> peer) {
        if (peer.isPresent() && peer.get() instanceof PolicyPeer.IpBlock b) {
            return List.of(b.cidr().network().isV6());
        }
        return List.of(false, true);
    }

    /**
     * One match per protocol. No ports means any traffic; ports that all fail to resolve (named ports
     * this pod lacks, or egress named ports, which live in sets) mean no plain-port match at all.
     */
    private static List<PortMatch> portMatches(List<PolicyPort> ports, Optional<PodInfo> localDestination) {
        if (ports.isEmpty()) {
            return List.of(PortMatch.ANY);
        }
        Map<Protocol, List<PortRange>> byProto = new EnumMap<>(Protocol.class);
        for (PolicyPort p : ports) {
            if (p.port() instanceof PolicyPort.Named && localDestination.isEmpty()) {
                continue;
            }
            p.resolve(localDestination).ifPresent(r ->
                    byProto.computeIfAbsent(p.protocol(), k -> new ArrayList<>()).add(r));
        }
        return byProto.entrySet().stream().map(e -> PortMatch.of(e.getKey(), e.getValue())).toList();
    }
}
