package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;

import java.util.Optional;

/**
 * An ADD's request: the node the attachment lives on, the attachment, the pod when known
 * ({@code namespace/name}, for show and for people), the pool, and optionally a specific address.
 */
public record AllocationRequest(String node, AttachmentId attachment, Optional<String> pod, String pool,
                                Optional<IpAddress> requested) {
    public AllocationRequest {
        Names.node("node", node);
        if (attachment == null) {
            throw new IllegalArgumentException("attachment is required");
        }
        pod = pod == null ? Optional.empty() : pod;
        pod.filter(p -> p.isBlank() || p.length() > 317).ifPresent(p -> {
            throw new IllegalArgumentException("pod \"" + p + "\" must be namespace/name, at most 317 characters");
        });
        Names.pool("pool", pool);
        requested = requested == null ? Optional.empty() : requested;
    }

    public static AllocationRequest of(String node, AttachmentId attachment, String pool) {
        return new AllocationRequest(node, attachment, Optional.empty(), pool, Optional.empty());
    }

    public AllocationRequest withPod(String p) {
        return new AllocationRequest(node, attachment, Optional.of(p), pool, requested);
    }

    public AllocationRequest withRequested(IpAddress ip) {
        return new AllocationRequest(node, attachment, pod, pool, Optional.of(ip));
    }
}
