package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.io.AtomicFile;
import dev.weft.io.StateFiles;
import dev.weft.lock.FileMutex;
import dev.weft.net.IpAddress;
import dev.weft.cni.Attachment;

import dev.weft.netlink.sys.SyscallException;
import dev.weft.netlink.sys.UnnamedFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The reference host-local's disk layout under {@code DATADIR/NETWORK}: a file per address
 * holding {@code ID\r\nIFNAME}, {@code last_reserved_ip.N} and {@code lock}. Call every method
 * inside {@link #locked}: the lock spans processes (fcntl) and threads of this process.
 *
 * <p>Finding an attachment's address the reference way reads every file, which grows with the
 * pods on the node. weft adds an index the reference ignores: a hidden hard link per address,
 * {@code .owner:ID:IFNAME:IP}, to the same file. One directory listing then answers "what does
 * this attachment hold", and only its own file is read (to confirm). The address file is linked
 * before the owner link and unlinked after it, so an owner link never outlives its address
 * through weft; addresses without an owner link (written by the reference, or by a process killed
 * between the two links) are read as before. The reference's release-by-ID deletes every file
 * with the attachment's content, owner links included.
 *
 * <p>The directory is private ({@code rwx------}, files {@code rw-------}) and nothing is written
 * through a symbolic link: a claim is an unnamed file (O_TMPFILE) given its names by links, which
 * never replace (or, on a filesystem without O_TMPFILE, a temporary file created exclusively),
 * {@code last_reserved_ip.N} is written over in place only when it is a plain file of one name
 * (never truncated to zero: see {@link #writeLastReserved}) and replaced by a rename otherwise, the lock is opened O_NOFOLLOW (see {@code dev.weft.io}).
 *
 * <p>Crash safety: a process killed before a claim's first link leaves nothing (an unnamed file
 * dies with its descriptor); between the address's link and the owner link it leaves an address
 * without owner link, read the reference's way; a torn {@code last_reserved_ip.N} only moves the
 * round-robin's start. No point of a crash lets two owners hold one address.
 */
public final class AllocationStore implements Allocations {
    private static final String LINE_BREAK = "\r\n";
    private static final String LAST_RESERVED = "last_reserved_ip.";
    private static final String OWNER_LINK = ".owner:";
    private static final String CLAIM = ".claim-";
    private static final int MAX_NAME = 255;

    private static final int PRIVATE_MODE = 0600;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private final Path dir;
    /** Claims are unnamed files until the filesystem says it has none. */
    private volatile boolean unnamedFiles = true;

    public AllocationStore(Path dataDir, String network) {
        this.dir = dataDir.resolve(network);
    }

    @Override
    public Path dir() {
        return dir;
    }

    /**
     * Runs {@code action} holding the network's lock (processes and threads alike), in the
     * network's directory made private first (see {@link StateFiles#privateDirectory}).
     */
    @Override
    public <T> T locked(java.util.function.Supplier<T> action) {
        try {
            StateFiles.privateDirectory(dir);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "host-local: cannot keep state in " + dir + ": "
                    + e.getMessage(), e);
        }
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
    @Override
    public boolean reserve(IpAddress ip, Attachment owner, int rangeSetIndex) {
        if (!claim(ip, owner)) {
            return false;
        }
        lastReserved(rangeSetIndex, ip);
        return true;
    }

    /** The claim alone, {@code last_reserved_ip} left as it is (the agent's index writes it behind). */
    boolean claim(IpAddress ip, Attachment owner) {
        Path target = fileFor(ip);
        if (Files.exists(target)) {
            return false;
        }
        try {
            return claim(target, owner, ip);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | SyscallException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot reserve " + ip + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The owner record linked as {@code target}, then as the owner link: an unnamed file
     * ({@link UnnamedFile}: nothing to clean up after a crash, no temporary name to unlink), or
     * where the filesystem has none a temporary claim file, linked and unlinked.
     */
    private boolean claim(Path target, Attachment owner, IpAddress ip) throws IOException {
        byte[] record = (owner.containerId() + LINE_BREAK + owner.ifName()).getBytes(StandardCharsets.UTF_8);
        if (unnamedFiles) {
            UnnamedFile f;
            try {
                f = UnnamedFile.create(dir, record, PRIVATE_MODE);
            } catch (SyscallException e) {
                if (!UnnamedFile.unsupported(e)) {
                    throw e;
                }
                unnamedFiles = false;
                return claimByTemporaryFile(target, owner, ip, record);
            }
            try (f) {
                if (!f.linkAs(target)) {
                    return false;
                }
                Optional<String> name = ownerLinkName(owner, ip);
                // a taken owner link outlived its address (see linkOwner): it names this owner and address
                name.ifPresent(n -> f.linkAs(dir.resolve(n)));
                return true;
            }
        }
        return claimByTemporaryFile(target, owner, ip, record);
    }

    private boolean claimByTemporaryFile(Path target, Attachment owner, IpAddress ip, byte[] record) throws IOException {
        Path tmp = claimFile(record);
        try {
            Files.createLink(target, tmp);
            linkOwner(tmp, owner, ip);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Records {@code ip} as the range set's last reservation (the round-robin's start); under the lock. */
    void lastReserved(int rangeSetIndex, IpAddress ip) {
        try {
            writeLastReserved(rangeSetIndex, ip);
        } catch (IOException | SyscallException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot record " + ip + " as last reserved in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code last_reserved_ip.N} written over in place and cut to length, without ever truncating
     * it to zero or renaming over it: ext4 (auto_da_alloc) starts writing a file back at its close
     * after either, to protect "replace" patterns from a power cut, and that flush cost 0.7–2.5 ms
     * per ADD on this kind of machine (the reference host-local pays it: it truncates). A crash
     * between the write and the cut can leave the old tail after the new address (a wrong or
     * unreadable address), which costs only the round-robin's starting point ({@link #lastReserved}
     * reads junk as unknown), never an address: claims are exclusive. Nothing is written through a
     * link: a symbolic link or a file with other names (planted there), or no file yet, is
     * replaced by a rename instead, its target untouched.
     */
    private void writeLastReserved(int rangeSetIndex, IpAddress ip) throws IOException {
        Path file = dir.resolve(LAST_RESERVED + rangeSetIndex);
        byte[] text = ip.toString().getBytes(StandardCharsets.UTF_8);
        if (isPlainFile(file)) {
            try (FileChannel ch = StateFiles.open(file, StateFiles.PRIVATE_FILE, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(text);
                while (buf.hasRemaining()) {
                    ch.write(buf, buf.position());
                }
                ch.truncate(text.length);
                return;
            } catch (java.nio.file.FileSystemException swapped) {
                // replaced by a link (or removed) since it was looked at: replace it below
            }
        }
        AtomicFile.write(file, text);
    }

    /** A regular file with this one name (not a symbolic link, no other hard link). */
    private static boolean isPlainFile(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) a.get("mode") & S_IFMT) == S_IFREG && (Integer) a.get("nlink") == 1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A new temporary claim file holding the owner record, created exclusively ({@code rw-------}). */
    private Path claimFile(byte[] record) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(CLAIM + java.util.HexFormat.of().toHexDigits(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                StateFiles.createNew(tmp, record, StateFiles.PRIVATE_FILE);
                return tmp;
            } catch (FileAlreadyExistsException taken) {
                if (attempt >= 100) {
                    throw taken;
                }
            }
        }
    }

    /** Links {@code claim} as the owner link of {@code ip}, when the owner's name allows one. */
    private void linkOwner(Path claim, Attachment owner, IpAddress ip) throws IOException {
        Optional<String> name = ownerLinkName(owner, ip);
        if (name.isPresent()) {
            try {
                Files.createLink(dir.resolve(name.get()), claim);
            } catch (FileAlreadyExistsException same) {
                // outlived its address, whose file alone was deleted by name (the reference's
                // rollback does that); it names this very owner and address, so it is right again
            }
        }
    }

    /** {@code .owner:ID:IFNAME:IP}; none when a part could be misread (IDs and interface names never hold ':' or '/'). */
    static Optional<String> ownerLinkName(Attachment owner, IpAddress ip) {
        String id = owner.containerId();
        String ifName = owner.ifName();
        if (id.isEmpty() || id.contains(":") || id.contains("/") || ifName.contains(":") || ifName.contains("/")) {
            return Optional.empty();
        }
        String name = OWNER_LINK + id + ":" + ifName + ":" + ip;
        return name.length() <= MAX_NAME ? Optional.of(name) : Optional.empty();
    }

    /**
     * The addresses whose records {@code isOwner} accepts, sorted. {@code owner} names the
     * attachment for the owner links; records without a link are read and given to
     * {@code isOwner} (old records may hold only the ID).
     */
    @Override
    public List<IpAddress> heldBy(Attachment owner, Predicate<Attachment> isOwner) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        java.util.TreeSet<IpAddress> addresses = new java.util.TreeSet<>();
        Map<IpAddress, Attachment> linked = new HashMap<>();
        Set<IpAddress> ambiguous = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                Optional<Map.Entry<IpAddress, Attachment>> link = parseOwnerLink(name);
                if (link.isPresent()) {
                    if (linked.putIfAbsent(link.get().getKey(), link.get().getValue()) != null) {
                        ambiguous.add(link.get().getKey());
                    }
                } else {
                    parseAddress(name).ifPresent(addresses::add);
                }
            });
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<IpAddress> out = new ArrayList<>();
        for (IpAddress ip : addresses) {
            Attachment link = linked.get(ip);
            boolean someoneElses = link != null && !ambiguous.contains(ip) && !link.equals(owner);
            if (!someoneElses && isOwner.test(owner(fileFor(ip)))) {
                out.add(ip);
            }
        }
        return out;
    }

    private static Optional<Map.Entry<IpAddress, Attachment>> parseOwnerLink(String name) {
        if (!name.startsWith(OWNER_LINK)) {
            return Optional.empty();
        }
        String[] parts = name.substring(OWNER_LINK.length()).split(":", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(Map.entry(IpAddress.parse(parts[2]), new Attachment(parts[0], parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<IpAddress> lastReserved(int rangeSetIndex) {
        try {
            return Optional.of(IpAddress.parse(Files.readString(dir.resolve(LAST_RESERVED + rangeSetIndex)).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a torn or foreign file only costs round-robin order
        }
    }

    boolean isReserved(IpAddress ip) {
        return Files.exists(fileFor(ip));
    }

    /** Every allocated address and its owner; an unreadable record has an owner with empty ID. */
    @Override
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

    /** Frees {@code ip}, held by {@code owner}: its owner link first, then the address's file. */
    @Override
    public void release(IpAddress ip, Attachment owner) {
        try {
            Optional<String> link = ownerLinkName(owner, ip);
            if (link.isPresent()) {
                Files.deleteIfExists(dir.resolve(link.get()));
            }
            Files.deleteIfExists(fileFor(ip));
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot release " + ip + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes temporary claim files left by a process killed mid-claim (and mid-write of
     * {@code last_reserved_ip.N}), and owner links whose address is gone (released by the
     * reference, which only knows the address's name).
     */
    @Override
    public void removeOrphanClaims() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean staleLink = parseOwnerLink(name).map(l -> !Files.exists(fileFor(l.getKey()))).orElse(false);
                boolean staleTemp = name.startsWith("." + LAST_RESERVED) && name.endsWith(".tmp");
                if (name.startsWith(CLAIM) || staleLink || staleTemp) {
                    Files.deleteIfExists(f);
                }
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
