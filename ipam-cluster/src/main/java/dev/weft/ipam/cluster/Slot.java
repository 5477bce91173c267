package dev.weft.ipam.cluster;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One allocated address of a block: whose it is ({@code attachment}, the pod when known, the node
 * the attachment lives on — for a borrowed address not the block's node), its sequence number
 * (unique for this address over the pool's life, so a stale release cannot free a later
 * allocation), when it was allocated, and when garbage collection first saw its attachment gone.
 */
public record Slot(AttachmentId attachment, Optional<String> pod, String node, long seq, long allocatedAt,
                   OptionalLong missingSince) {
    public Slot {
        if (attachment == null) {
            throw new IllegalArgumentException("slot attachment is required");
        }
        pod = pod == null ? Optional.empty() : pod;
        Names.node("slot node", node);
        if (seq <= 0) {
            throw new IllegalArgumentException("slot seq must be positive, not " + seq);
        }
        missingSince = missingSince == null ? OptionalLong.empty() : missingSince;
    }

    /** Whether this slot is the allocation {@code (attachment, seq)}. */
    public boolean is(AttachmentId who, long sequence) {
        return attachment.equals(who) && seq == sequence;
    }

    Slot missingSince(OptionalLong since) {
        return new Slot(attachment, pod, node, seq, allocatedAt, since);
    }
}
