package dev.weft.ipam.hostlocal;

import dev.weft.cni.Attachment;
import dev.weft.net.IpAddress;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One network's allocations in the reference host-local's layout: {@link AllocationStore} reads and
 * writes the files on every call (a plugin process); {@link IndexedAllocations} keeps them in
 * memory as well, for the agent. Call everything but {@link #locked} and {@link #dir} inside
 * {@link #locked}.
 */
public interface Allocations {
    /** {@code DATADIR/NETWORK}. */
    Path dir();

    /** Runs {@code action} holding the network's lock, which the reference plugins honour too. */
    <T> T locked(Supplier<T> action);

    /** Claims {@code ip} for {@code owner}; false when someone holds it. */
    boolean reserve(IpAddress ip, Attachment owner, int rangeSetIndex);

    /** The addresses, sorted, whose owner record {@code isOwner} accepts ({@code owner} names the attachment). */
    List<IpAddress> heldBy(Attachment owner, Predicate<Attachment> isOwner);

    /** The address reserved last in range set {@code rangeSetIndex}, when known. */
    Optional<IpAddress> lastReserved(int rangeSetIndex);

    /** Every allocated address and its owner, sorted; an unreadable record has an owner with empty ID. */
    Map<IpAddress, Attachment> allocations();

    /** Frees {@code ip}, held by {@code owner}. */
    void release(IpAddress ip, Attachment owner);

    /** Removes what a process killed mid-claim left (temporary files, owner links without address). */
    void removeOrphanClaims();

    /** Where a plugin finds a network's allocations. */
    @FunctionalInterface
    interface Source {
        /** Every call on the files: what a plugin process uses. */
        Source FILES = AllocationStore::new;

        Allocations of(Path dataDir, String network);
    }
}
