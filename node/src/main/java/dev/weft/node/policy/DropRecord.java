package dev.weft.node.policy;

import java.util.Objects;

/**
 * One packet a policy chain dropped, as the agent resolved it when it arrived: the time, the node,
 * the direction and chain that dropped it, each end's address and pod ({@code NS/NAME}, empty when
 * the address is no known pod), the protocol and destination port (0 when it has none), and the
 * verdict in {@code weft policy explain}'s words. One JSON line of {@code drops.jsonl}.
 */
public record DropRecord(long timeMillis, String node, String direction, String chain, String sourceIp,
                         String sourcePod, String destinationIp, String destinationPod, String protocol, int port,
                         String verdict) {
    public DropRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(destinationIp, "destinationIp");
        sourcePod = sourcePod == null ? "" : sourcePod;
        destinationPod = destinationPod == null ? "" : destinationPod;
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The source as people name it: the pod, else the address. */
    public String source() {
        return sourcePod.isEmpty() ? sourceIp : sourcePod;
    }

    /** The destination as people name it: the pod, else the address. */
    public String destination() {
        return destinationPod.isEmpty() ? destinationIp : destinationPod;
    }

    /** {@code TCP/80}, or the protocol alone when it has no ports. */
    public String protocolPort() {
        return port == 0 ? protocol : protocol + "/" + port;
    }

    /** Whether {@code pod} ({@code NS/NAME}) is either end. */
    public boolean involves(String pod) {
        return pod.equals(sourcePod) || pod.equals(destinationPod);
    }
}
