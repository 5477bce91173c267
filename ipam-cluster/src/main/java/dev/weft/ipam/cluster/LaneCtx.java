package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/** What a {@link ReservedLane} shares with its {@link ClusterIpam}: the store, caches, locks and retries. */
record LaneCtx(IpamStore store, BlockCache cache, NodeLocks locks, PoolCache pools, Handles handles, Retry retry,
               IpamOptions options) {
    long now() {
        return options.clock().millis();
    }

    /** An unused reservation of the node: an address its block holds for it under {@code seq}. */
    record Reserved(String pool, Cidr block, IpAddress ip, long seq) {
        int ordinal() {
            return Block.ordinal(block, ip);
        }
    }

    /** An address the lane handed out (or allocated on the store's path) and whether the store records it for the attachment yet. */
    static final class Held {
        final JournalEntry entry;
        final Allocation allocation;
        final boolean journaled;
        volatile boolean written;

        Held(JournalEntry entry, Allocation allocation, boolean journaled, boolean written) {
            this.entry = entry;
            this.allocation = allocation;
            this.journaled = journaled;
            this.written = written;
        }
    }
}
