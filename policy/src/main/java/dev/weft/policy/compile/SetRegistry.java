package dev.weft.policy.compile;

import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyPeer;
import dev.weft.policy.PolicyPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The peer sets of one compilation. A set is named after what selects its members (not after the
 * policy that uses it), so every rule with an equal selector shares one set and a pod's label change
 * touches each set once.
 */
final class SetRegistry {
    private final ClusterSnapshot cluster;
    private final Map<String, NftSet> sets = new TreeMap<>();

    SetRegistry(ClusterSnapshot cluster) {
        this.cluster = cluster;
    }

    Map<String, NftSet> sets() {
        return sets;
    }

    /** The set of addresses of the pods {@code peer} selects, of one family. */
    String peerSet(PolicyPeer.Selector peer, String policyNamespace, boolean v6) {
        String name = "peer" + (v6 ? "6_" : "4_") + ContentHash.of(selectorKey(peer, policyNamespace));
        sets.computeIfAbsent(name, n -> NftSet.set(n, v6 ? "ipv6_addr" : "ipv4_addr",
                cluster.selected(peer, policyNamespace).stream()
                        .flatMap(p -> p.ips().stream())
                        .filter(ip -> ip.isV6() == v6)
                        .map(IpAddress::toString).toList()));
        return name;
    }

    /**
     * The set of {@code address . protocol . port} for egress to named ports: for each pod the peer
     * selects (every pod when the rule has no peers), its addresses and the ports its containers give
     * those names under the policy's protocol.
     */
    String namedPortSet(Optional<PolicyPeer> peer, String policyNamespace, List<PolicyPort> named, boolean v6) {
        String key = peer.map(p -> peerKey(p, policyNamespace)).orElse("any") + " ports " + named;
        String name = "nport" + (v6 ? "6_" : "4_") + ContentHash.of(key);
        sets.computeIfAbsent(name, n -> NftSet.set(n, (v6 ? "ipv6_addr" : "ipv4_addr") + " . inet_proto . inet_service",
                portElements(peer, policyNamespace, named, v6)));
        return name;
    }

    private List<String> portElements(Optional<PolicyPeer> peer, String ns, List<PolicyPort> named, boolean v6) {
        List<PodInfo> pods = peer.map(p -> cluster.selected(p, ns)).orElse(cluster.pods());
        List<String> out = new ArrayList<>();
        for (PodInfo pod : pods) {
            for (IpAddress ip : pod.ips()) {
                boolean inPeer = peer.filter(p -> p instanceof PolicyPeer.IpBlock b && !b.contains(ip)).isEmpty();
                if (ip.isV6() != v6 || !inPeer) {
                    continue;
                }
                for (PolicyPort port : named) {
                    port.resolve(Optional.of(pod)).ifPresent(r ->
                            out.add(ip + " . " + port.protocol().nftName() + " . " + r));
                }
            }
        }
        return out;
    }

    private static String peerKey(PolicyPeer peer, String policyNamespace) {
        return switch (peer) {
            case PolicyPeer.Selector s -> selectorKey(s, policyNamespace);
            case PolicyPeer.IpBlock b -> b.toString();
        };
    }

    /** Canonical: selectors sort their parts; an absent namespace selector means the policy's namespace. */
    private static String selectorKey(PolicyPeer.Selector s, String policyNamespace) {
        String ns = s.namespaceSelector().map(n -> "namespaces " + n).orElse("namespace " + policyNamespace);
        return ns + " pods " + s.podSelector().map(Object::toString).orElse("<all>");
    }
}
