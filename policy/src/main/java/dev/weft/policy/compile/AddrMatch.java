package dev.weft.policy.compile;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.policy.Protocol;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The peer part of one compiled rule, on the source address for ingress and the destination for egress.
 * Pods are matched through named sets (which change with pods, not with policies); ipBlocks inline, since
 * they change only with their policy.
 */
public sealed interface AddrMatch {

    /** nftables text for {@code saddr} or {@code daddr}; empty for {@link Any}. */
    String render(String field);

    /**
     * Whether a packet matches, given a set's elements by name: the semantics of {@link #render}, used by
     * tests to run the compiled ruleset against the evaluator.
     */
    boolean matches(IpAddress peer, Protocol proto, int port, Function<String, Set<String>> elements);

    static String family(boolean v6) {
        return v6 ? "ip6" : "ip";
    }

    /** A rule without peers: every address. */
    record Any() implements AddrMatch {
        @Override
        public String render(String field) {
            return "";
        }

        @Override
        public boolean matches(IpAddress peer, Protocol proto, int port, Function<String, Set<String>> elements) {
            return true;
        }
    }

    /** The address is in a set of pod addresses of one family ({@code ip saddr @peer_…4}). */
    record InSet(boolean v6, String set) implements AddrMatch {
        @Override
        public String render(String field) {
            return family(v6) + " " + field + " @" + set;
        }

        @Override
        public boolean matches(IpAddress peer, Protocol proto, int port, Function<String, Set<String>> elements) {
            return peer.isV6() == v6 && elements.apply(set).contains(peer.toString());
        }
    }

    /** An ipBlock: inside {@code cidr} and (tested with {@code !=}) outside every except. */
    record InBlock(Cidr cidr, List<Cidr> except) implements AddrMatch {
        @Override
        public String render(String field) {
            String f = family(cidr.network().isV6()) + " " + field;
            String base = f + " " + cidr;
            if (except.isEmpty()) {
                return base;
            }
            return base + " " + f + " != { " + except.stream().map(Cidr::toString).collect(Collectors.joining(", ")) + " }";
        }

        @Override
        public boolean matches(IpAddress peer, Protocol proto, int port, Function<String, Set<String>> elements) {
            return cidr.contains(peer) && except.stream().noneMatch(e -> e.contains(peer));
        }
    }

    /**
     * Egress to named ports: the peer pods' resolved ports differ per pod, so the set holds
     * {@code address . protocol . port} triples and the match covers address and port together.
     */
    record InPortSet(boolean v6, String set) implements AddrMatch {
        @Override
        public String render(String field) {
            return family(v6) + " " + field + " . meta l4proto . th dport @" + set;
        }

        @Override
        public boolean matches(IpAddress peer, Protocol proto, int port, Function<String, Set<String>> elements) {
            return peer.isV6() == v6 && elements.apply(set).contains(peer + " . " + proto.nftName() + " . " + port);
        }
    }
}
