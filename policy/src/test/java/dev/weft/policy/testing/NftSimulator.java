package dev.weft.policy.testing;

import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;
import dev.weft.policy.compile.NftSet;
import dev.weft.policy.compile.PodChain;
import dev.weft.policy.compile.PolicyCompiler;
import dev.weft.policy.compile.Ruleset;
import dev.weft.policy.compile.Term;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a new connection's first packet through the compiled rulesets as the kernel would: the forward
 * chain of the source's node, then (if the destination lives elsewhere) that of the destination's node.
 * It reads the structured terms the text is rendered from, so it checks the compiler's semantics
 * against the evaluator; the text itself is checked by golden files and {@code nft -c}.
 */
public final class NftSimulator {
    private final ClusterSnapshot cluster;
    private final Map<String, Ruleset> byNode = new HashMap<>();

    public NftSimulator(ClusterSnapshot cluster) {
        this.cluster = cluster;
    }

    /** Pod to pod over IPv4 if both have it, else IPv6. */
    public boolean allows(PodInfo from, PodInfo to, int port, Protocol proto) {
        boolean v6 = from.ips().stream().noneMatch(IpAddress::isV4) || to.ips().stream().noneMatch(IpAddress::isV4);
        IpAddress src = from.ips().stream().filter(ip -> ip.isV6() == v6).findFirst().orElseThrow();
        IpAddress dst = to.ips().stream().filter(ip -> ip.isV6() == v6).findFirst().orElseThrow();
        if (!forward(from.nodeName(), src, dst, port, proto)) {
            return false;
        }
        return from.nodeName().equals(to.nodeName()) || forward(to.nodeName(), src, dst, port, proto);
    }

    /** One pass of the forward base chain on {@code node}, for a packet in conntrack state new. */
    public boolean forward(String node, IpAddress src, IpAddress dst, int port, Protocol proto) {
        Ruleset r = byNode.computeIfAbsent(node, n -> PolicyCompiler.ruleset(cluster, n));
        Optional<PodChain> egress = lookup(r, PolicyType.EGRESS, src);
        if (egress.isPresent() && !anyTerm(r, egress.get(), dst, port, proto)) {
            return false; // fell through to the chain's drop
        }
        Optional<PodChain> ingress = lookup(r, PolicyType.INGRESS, dst);
        return ingress.isEmpty() || anyTerm(r, ingress.get(), src, port, proto);
    }

    private static Optional<PodChain> lookup(Ruleset r, PolicyType direction, IpAddress ip) {
        String map = (direction == PolicyType.INGRESS ? "ingress" : "egress") + (ip.isV6() ? "6" : "4");
        String verdict = r.sets().get(map).elements().get(ip.toString());
        if (verdict == null) {
            return Optional.empty();
        }
        return Optional.of(r.chains().get(verdict.substring("jump ".length())));
    }

    private static boolean anyTerm(Ruleset r, PodChain chain, IpAddress peer, int port, Protocol proto) {
        for (Term t : chain.terms()) {
            if (t.matches(peer, proto, port, name -> elements(r, name))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> elements(Ruleset r, String set) {
        NftSet s = r.sets().get(set);
        if (s == null) {
            throw new AssertionError("rule refers to missing set " + set);
        }
        return s.elements().keySet();
    }
}
