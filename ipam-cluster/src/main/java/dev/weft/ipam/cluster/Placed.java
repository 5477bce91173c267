package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/** An address written into its block for an attachment, not yet recorded in the handle. */
record Placed(Pool pool, Cidr block, IpAddress ip, long seq, boolean borrowed) {
    Allocation allocation(AttachmentId attachment) {
        return new Allocation(attachment, ip, pool.name(), pool.cidr(), pool.gateway(), block, seq, borrowed);
    }
}
