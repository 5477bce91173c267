package dev.weft.ipam.cluster;

import java.util.Optional;
import java.util.Set;

/**
 * The port GC asks "which attachments exist on node N": the container runtime's sandboxes, the
 * node's CNI result cache, or the pods the agent published. Empty means "cannot tell now" (agent
 * down, runtime unreachable): GC then leaves that node's allocations alone. An implementation must
 * never answer an empty set for "could not look": that is how IPAM GCs free the addresses of live
 * pods. GC asks only after it read the allocations (whereabouts #207: asking first lets an
 * allocation made in between look leaked).
 */
@FunctionalInterface
public interface AttachmentSource {
    Optional<Set<AttachmentId>> attachmentsOn(String node);
}
