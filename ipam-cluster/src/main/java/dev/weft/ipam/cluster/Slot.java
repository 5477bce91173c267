package dev.weft.ipam.cluster;

import dev.weft.net.InterfaceName;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One allocated address of a block: whose it is ({@code attachment}, the pod when known, the node
 * the attachment lives on — for a borrowed address not the block's node), its sequence number
 * (unique for this address over the pool's life, so a stale release cannot free a later
 * allocation), when it was allocated, and when garbage collection first saw its attachment gone.
 *
 * <p>A {@code reserved} slot is held by its node ahead of need ({@link ReservedLane}): no
 * attachment yet, so its {@code attachment} is the node's placeholder ({@link #reservationOf});
 * it has no handle, GC leaves it while its node is live, and the node's agent hands it out from
 * its journal and writes the real attachment into it later under the same sequence number.
 */
public record Slot(AttachmentId attachment, Optional<String> pod, String node, long seq, long allocatedAt,
                   OptionalLong missingSince, boolean reserved) {
    private static final InterfaceName RESERVED = InterfaceName.of("reserved");

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
        if (reserved && (!attachment.equals(reservationOf(node)) || pod.isPresent())) {
            throw new IllegalArgumentException("reserved slot of node " + node + " must name no attachment nor pod");
        }
    }

    /** An attachment's slot. */
    public Slot(AttachmentId attachment, Optional<String> pod, String node, long seq, long allocatedAt,
                OptionalLong missingSince) {
        this(attachment, pod, node, seq, allocatedAt, missingSince, false);
    }

    /** A slot the node holds ahead of need (see the type's notes). */
    public static Slot reservation(String node, long seq, long at) {
        return new Slot(reservationOf(node), Optional.empty(), node, seq, at, OptionalLong.empty(), true);
    }

    /**
     * The placeholder attachment of {@code node}'s reservations. Releases match on attachment and
     * sequence number; a sequence number is issued once per address, so a real attachment that
     * happens to be spelled the same can never match a reservation.
     */
    public static AttachmentId reservationOf(String node) {
        return new AttachmentId(Names.node("node", node), RESERVED);
    }

    /** Whether this slot is the allocation {@code (attachment, seq)}. */
    public boolean is(AttachmentId who, long sequence) {
        return attachment.equals(who) && seq == sequence;
    }

    /** Whether this slot is {@code node}'s reservation {@code seq}. */
    public boolean isReservation(String byNode, long sequence) {
        return reserved && node.equals(byNode) && seq == sequence;
    }

    Slot missingSince(OptionalLong since) {
        return new Slot(attachment, pod, node, seq, allocatedAt, since, reserved);
    }
}
