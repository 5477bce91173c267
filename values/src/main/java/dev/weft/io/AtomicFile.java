package dev.weft.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a file so that a reader sees the old content or the new, never half of it: a temp file
 * in the same directory, then a rename over the target. No fsync: this survives a killed
 * process, not a power cut.
 *
 * <p>Nothing is written through a symbolic link: the temp file is created exclusively
 * (O_CREAT|O_EXCL, which never follows a link) and written through the descriptor that created it,
 * and the rename replaces a link at the target rather than following it. Modes are exact,
 * whatever the caller's umask: the file's are {@code permissions} (default {@code rw-------}),
 * directories made on the way are {@code rwxr-xr-x} (callers that keep private state make theirs
 * first with {@link StateFiles#privateDirectory}).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code bytes} to {@code file} ({@code rw-------}), creating its directory when missing. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, bytes, null);
    }

    /** As {@link #write(Path, byte[])}, with exactly {@code permissions} (null: {@code rw-------}). */
    public static void write(Path file, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        StateFiles.createDirectories(dir, StateFiles.PUBLIC_DIRECTORY);
        Set<PosixFilePermission> mode = permissions == null ? StateFiles.PRIVATE_FILE : permissions;
        Path tmp = temp(dir, file.getFileName().toString(), bytes, mode);
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp); // gone after the rename; left only when something failed
        }
    }

    /** A new hidden temp file beside the target holding {@code bytes}. */
    private static Path temp(Path dir, String name, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                StateFiles.createNew(tmp, bytes, mode);
                return tmp;
            } catch (FileAlreadyExistsException taken) {
                if (attempt >= 100) {
                    throw taken;
                }
            }
        }
    }
}
