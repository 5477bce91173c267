package dev.weft.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writing a file so that a reader sees the old content or the new, never half of it: a temp file
 * in the same directory, then a rename over the target. No fsync: this survives a killed
 * process, not a power cut.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code bytes} to {@code file}, creating its directory when missing. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, bytes, null);
    }

    /** As {@link #write(Path, byte[])}, with {@code permissions} set before the rename (null: the default). */
    public static void write(Path file, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            if (permissions != null) {
                Files.setPosixFilePermissions(tmp, permissions);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp); // gone after the rename; left only when something failed
        }
    }
}
