package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.lock.FileMutex;
import dev.weft.net.IpAddress;
import dev.weft.runtime.Attachment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The reference host-local's disk layout under {@code DATADIR/NETWORK}. Call every method inside
 * {@link #locked}: the lock spans processes (fcntl) and threads of this process.
 */
public final class AllocationStore {
    private static final String LINE_BREAK = "\r\n";
    private static final String LAST_RESERVED = "last_reserved_ip.";

    private final Path dir;

    public AllocationStore(Path dataDir, String network) {
        this.dir = dataDir.resolve(network);
    }

    public Path dir() {
        return dir;
    }

    /** Runs {@code action} holding the network's lock (processes and threads alike). */
    public <T> T locked(java.util.function.Supplier<T> action) {
        try {
            return new FileMutex(dir.resolve("lock")).locked(action);
        } catch (java.io.UncheckedIOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Claims {@code ip} for {@code owner}; false when someone holds it. The owner record is
     * written completely before the address's name appears (hard link), so the claim is atomic.
     * There is no fsync: like the reference, this survives a killed process, not a power cut.
     */
    public boolean reserve(IpAddress ip, Attachment owner, int rangeSetIndex) {
        Path target = fileFor(ip);
        if (Files.exists(target)) {
            return false;
        }
        try {
            Path tmp = Files.createTempFile(dir, ".claim-", ".tmp");
            try {
                Files.writeString(tmp, owner.containerId() + LINE_BREAK + owner.ifName(), StandardCharsets.UTF_8);
                Files.createLink(target, tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Files.writeString(dir.resolve(LAST_RESERVED + rangeSetIndex), ip.toString(), StandardCharsets.UTF_8);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot reserve " + ip + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Optional<IpAddress> lastReserved(int rangeSetIndex) {
        try {
            return Optional.of(IpAddress.parse(Files.readString(dir.resolve(LAST_RESERVED + rangeSetIndex)).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a torn or foreign file only costs round-robin order
        }
    }

    public boolean isReserved(IpAddress ip) {
        return Files.exists(fileFor(ip));
    }

    /** Every allocated address and its owner; an unreadable record has an owner with empty ID. */
    public Map<IpAddress, Attachment> allocations() {
        Map<IpAddress, Attachment> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                parseAddress(f.getFileName().toString()).ifPresent(ip -> out.put(ip, owner(f)));
            }
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    public void release(IpAddress ip) {
        try {
            Files.deleteIfExists(fileFor(ip));
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot release " + ip + ": " + e.getMessage(), e);
        }
    }

    /** Removes temporary claim files left by a process killed mid-claim. */
    public void removeOrphanClaims() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(".claim-")).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path fileFor(IpAddress ip) {
        return dir.resolve(ip.toString());
    }

    private static Optional<IpAddress> parseAddress(String name) {
        if (name.startsWith(".") || name.equals("lock") || name.startsWith(LAST_RESERVED)) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpAddress.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Attachment owner(Path f) {
        try {
            String[] parts = Files.readString(f, StandardCharsets.UTF_8).strip().split("\r?\n", 2);
            return new Attachment(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
        } catch (IOException e) {
            return new Attachment("", "");
        }
    }
}
