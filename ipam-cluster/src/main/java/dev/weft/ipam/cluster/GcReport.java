package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.List;
import java.util.Optional;

/**
 * What a GC pass did (or, for a dry run, would do). {@code pending}: allocations younger than the
 * grace period not yet in their handle (ADDs under way); {@code unknownNodes}: nodes whose
 * attachments could not be listed, left alone; {@code raced}: planned actions dropped because
 * the allocation or block changed before the write.
 */
public record GcReport(boolean dryRun, List<Released> released, int markedMissing, int clearedMissing,
                       List<Cidr> blocksMarkedEmpty, List<Cidr> blocksReturned, List<Cidr> affinitiesCleared,
                       int handlesFixed, int indexFixed, List<String> unknownNodes, int pending, int raced) {
    /** One released address. */
    public record Released(IpAddress ip, String pool, String node, AttachmentId attachment, Optional<String> pod,
                           GcPlan.Reason reason) {
    }

    public GcReport {
        released = List.copyOf(released);
        blocksMarkedEmpty = List.copyOf(blocksMarkedEmpty);
        blocksReturned = List.copyOf(blocksReturned);
        affinitiesCleared = List.copyOf(affinitiesCleared);
        unknownNodes = List.copyOf(unknownNodes);
    }
}
