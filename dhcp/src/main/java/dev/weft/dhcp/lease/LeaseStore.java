package dev.weft.dhcp.lease;

import dev.weft.io.AtomicFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persisted leases, one JSON file per attachment ({@code NETWORK:CONTAINERID:IFNAME.json}) in a
 * directory of mode 0700, each written atomically (temp file and rename) with mode 0600: the
 * files name containers and their addresses, which is nobody else's business. A file that cannot
 * be read is skipped by {@link #all} with a warning (one bad file must not stop a daemon from
 * resuming the others) and reported by {@link #load}. Failures are unchecked: an I/O error is an
 * {@link UncheckedIOException}, a file that is not a lease an {@link IllegalArgumentException}, each
 * naming the file ({@code DhcpLeases} turns them into a {@code DhcpException} with reason STORE).
 */
public final class LeaseStore {
    private static final System.Logger LOG = System.getLogger(LeaseStore.class.getName());
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path dir;

    /**
     * The store in {@code dir}, created with mode 0700 when missing. An existing directory is used
     * as it is (never chmod-ed: it might be shared), with a warning when others may read it.
     */
    public LeaseStore(Path dir) {
        this.dir = dir;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, DIR_MODE);
            } else if (!DIR_MODE.containsAll(Files.getPosixFilePermissions(dir))) {
                LOG.log(System.Logger.Level.WARNING, "lease directory {0} is accessible to others ({1})", dir,
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lease directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** Writes (or replaces) the attachment's lease. */
    public void save(PersistedLease lease) {
        Path file = file(lease.attachment());
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(LeaseFile.of(lease)), FILE_MODE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode the lease of " + lease.attachment() + ": " + e.getMessage(), e);
        }
    }

    /** The attachment's lease, if one is stored. */
    public Optional<PersistedLease> load(Attachment attachment) {
        Path file = file(attachment);
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every stored lease that can be read. */
    public List<PersistedLease> all() {
        List<PersistedLease> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable lease file {0}: {1}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Removes the attachment's lease; returns whether there was one. */
    public boolean delete(Attachment attachment) {
        try {
            return Files.deleteIfExists(file(attachment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the lease of " + attachment + ": " + e.getMessage(), e);
        }
    }

    Path file(Attachment attachment) {
        return dir.resolve(attachment.key() + SUFFIX);
    }

    private static PersistedLease read(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readAllBytes(file), LeaseFile.class).toPersisted();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a lease file: " + e.getOriginalMessage(), e);
        }
    }
}
