package dev.weft.policy.compile;

import dev.weft.net.IpAddress;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;

import java.util.Set;
import java.util.function.Function;

/**
 * One compiled rule of a pod chain: a (policy rule, peer, protocol) combination. The number of terms
 * depends on the policies only, never on how many pods the peers select.
 *
 * @param comment where it came from, e.g. {@code x/allow-web ingress[0].from[1]}
 */
public record Term(AddrMatch addr, PortMatch ports, String comment) {
    private static final int MAX_COMMENT = 128;

    public Term {
        if (addr instanceof AddrMatch.InPortSet && ports.protocol().isPresent()) {
            throw new IllegalArgumentException("a named-port set already matches the port");
        }
        String clean = comment.replace("\"", "'");
        comment = clean.length() > MAX_COMMENT ? clean.substring(0, MAX_COMMENT) : clean;
    }

    /**
     * The rule text. Ingress terms {@code accept}; egress terms {@code return} to the forward chain, so
     * the destination's ingress chain still runs after the source's egress chain allowed the packet.
     */
    public String render(PolicyType direction) {
        String field = direction == PolicyType.INGRESS ? "saddr" : "daddr";
        String verdict = direction == PolicyType.INGRESS ? "accept" : "return";
        String match = (addr.render(field) + " " + ports.render()).strip();
        return (match.isEmpty() ? "" : match + " ") + verdict + " comment \"" + comment + "\"";
    }

    public boolean matches(IpAddress peer, Protocol proto, int port, Function<String, Set<String>> elements) {
        return addr.matches(peer, proto, port, elements) && ports.matches(proto, port);
    }
}
