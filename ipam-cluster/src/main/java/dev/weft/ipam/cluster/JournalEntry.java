package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.Optional;

/**
 * What the node's journal records for one attachment and pool ({@link Journal}): the address the
 * ADD returned, its block and the sequence number of the node's reservation it came from (kept
 * when the reservation is written back as the attachment's allocation), the pod, and when.
 */
public record JournalEntry(AttachmentId attachment, Optional<String> pod, String pool, IpAddress ip, Cidr block, long seq,
                           long at) {
    public JournalEntry {
        if (attachment == null || ip == null || block == null) {
            throw new IllegalArgumentException("journal entry needs attachment, ip and block");
        }
        pod = pod == null ? Optional.empty() : pod;
        Names.pool("journal entry pool", pool);
        if (!block.contains(ip)) {
            throw new IllegalArgumentException("journal entry " + ip + " is not in its block " + block);
        }
        if (seq <= 0) {
            throw new IllegalArgumentException("journal entry " + ip + ": seq must be positive, not " + seq);
        }
    }

    int ordinal() {
        return Block.ordinal(block, ip);
    }

    HandleAddress handleAddress() {
        return new HandleAddress(ip, pool, block, seq, at);
    }

    Allocation allocation(Pool p) {
        return new Allocation(attachment, ip, p.name(), p.cidr(), p.gateway(), block, seq, false);
    }
}
