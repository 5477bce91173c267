package dev.weft.policy;

import java.util.Optional;

/** One entry of a rule's {@code ports}: a protocol and a port number, a range ({@code endPort}), a name, or any port. */
public record PolicyPort(Protocol protocol, Spec port) {

    /** What the {@code port} (and {@code endPort}) fields said. */
    public sealed interface Spec {
    }

    /** No {@code port}: every port of the protocol. */
    public record AnyPort() implements Spec {
    }

    /** {@code port} as a number, with {@code endPort} folded in as the range's end. */
    public record Numbers(PortRange range) implements Spec {
    }

    /** {@code port} as a name, resolved against the destination pod's container ports. */
    public record Named(String name) implements Spec {
        public Named {
            PodInfo.requireText("port name", name);
        }
    }

    public PolicyPort {
        if (protocol == null || port == null) {
            throw new IllegalArgumentException("policy port protocol and port spec are required");
        }
    }

    public static PolicyPort tcp(int port) {
        return new PolicyPort(Protocol.TCP, new Numbers(PortRange.single(port)));
    }

    public static PolicyPort of(Protocol protocol, int first, int last) {
        return new PolicyPort(protocol, new Numbers(new PortRange(first, last)));
    }

    public static PolicyPort named(Protocol protocol, String name) {
        return new PolicyPort(protocol, new Named(name));
    }

    public static PolicyPort any(Protocol protocol) {
        return new PolicyPort(protocol, new AnyPort());
    }

    /**
     * The port range this entry means on a destination pod, or empty if it means nothing there: a named
     * port that pod lacks, or has under another protocol, matches no traffic (as in kube-proxy-era CNIs).
     */
    public Optional<PortRange> resolve(Optional<PodInfo> destination) {
        return switch (port) {
            case AnyPort a -> Optional.of(new PortRange(1, 65535));
            case Numbers n -> Optional.of(n.range());
            case Named n -> destination
                    .map(pod -> pod.namedPorts().get(n.name()))
                    .filter(cp -> cp.protocol() == protocol)
                    .map(cp -> PortRange.single(cp.port()));
        };
    }

    /** Whether traffic to {@code port}/{@code proto} on {@code destination} (a pod, or empty for an external host) matches. */
    public boolean matches(int dport, Protocol proto, Optional<PodInfo> destination) {
        return proto == protocol && resolve(destination).map(r -> r.contains(dport)).orElse(false);
    }

    @Override
    public String toString() {
        return switch (port) {
            case AnyPort a -> "any/" + protocol;
            case Numbers n -> n.range() + "/" + protocol;
            case Named n -> n.name() + "/" + protocol;
        };
    }
}
