package dev.weft.netlink.nflog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One packet the kernel logged to an NFLOG group: the rule's prefix, when (the packet's own
 * timestamp when the kernel had one, else empty), the devices it came in and would have gone out
 * on (ifindex, 0 when none), and what its headers say.
 */
public record NflogRecord(int group, String prefix, Optional<Instant> timestamp, int inIfindex, int outIfindex,
                          PacketSummary packet) {
    public NflogRecord {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(packet, "packet");
        if (group < 0 || group > 0xffff) {
            throw new IllegalArgumentException("group: " + group + " is not an NFLOG group");
        }
    }
}
