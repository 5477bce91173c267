package dev.weft.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that weft keeps as state, made so that neither the caller's umask nor a file planted by
 * another local user decides what happens: modes are set exactly, and nothing is ever written
 * through a symbolic link (see the package notes for the choice of modes).
 */
public final class StateFiles {
    /** Directories of private state: {@code rwx------}. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Files of private state: {@code rw-------}. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** Directories anyone may read, as {@code mkdir -p} makes them under the usual umask: {@code rwxr-xr-x}. */
    public static final Set<PosixFilePermission> PUBLIC_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private StateFiles() {
    }

    /**
     * {@code mkdir -p}: every directory this call makes gets exactly {@code perms}, whatever the
     * umask; existing ones (and symbolic links among the parents, an administrator's choice) are
     * left as they are.
     */
    public static Path createDirectories(Path dir, Set<PosixFilePermission> perms) throws IOException {
        Path abs = dir.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(perms));
            } catch (FileAlreadyExistsException raced) {
                continue; // another process made it (or it is a link): the caller checks what it needs
            }
            view(p).setPermissions(perms);
        }
        return dir;
    }

    /**
     * A directory for private state, made {@code rwx------} when missing (parents too). An
     * existing one must be a real directory (not a symbolic link) owned by this process's user;
     * write access for group and others, which a caller's umask 000 may have left, is removed.
     * Anything else is an {@link IOException} that says what is wrong.
     */
    public static Path privateDirectory(Path dir) throws IOException {
        createDirectories(dir, PRIVATE_DIRECTORY);
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, NOFOLLOW);
        if (a.isSymbolicLink()) {
            throw new IOException(dir + " is a symbolic link; weft keeps state only in a real directory");
        }
        if (!a.isDirectory()) {
            throw new IOException(dir + " is not a directory");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", NOFOLLOW);
        int me = ProcessUser.uid();
        if (owner != me) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to this process's uid " + me
                    + "; weft does not keep state in a directory another user controls");
        }
        Set<PosixFilePermission> perms = EnumSet.copyOf(a.permissions());
        if (perms.remove(PosixFilePermission.GROUP_WRITE) | perms.remove(PosixFilePermission.OTHERS_WRITE)) {
            view(dir).setPermissions(perms);
        }
        return dir;
    }

    /**
     * Creates {@code file}, which must not exist in any form (a symbolic link counts), with
     * exactly {@code perms} and {@code bytes} written through the descriptor that created it, so
     * nothing swapped in at that path afterwards is written to.
     */
    public static void createNew(Path file, byte[] bytes, Set<PosixFilePermission> perms) throws IOException {
        try (FileChannel ch = open(file, perms, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            view(file).setPermissions(perms); // the umask may have taken bits away
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /**
     * Opens {@code file} with {@code options}, never through a symbolic link (O_NOFOLLOW); a
     * file it creates gets {@code perms} (less the umask). A link there is an {@link IOException}
     * that says so.
     */
    public static FileChannel open(Path file, Set<PosixFilePermission> perms, OpenOption... options)
            throws IOException {
        Set<OpenOption> opts = new java.util.HashSet<>(Set.of(options));
        opts.add(NOFOLLOW);
        try {
            return FileChannel.open(file, opts, PosixFilePermissions.asFileAttribute(perms));
        } catch (java.nio.file.FileSystemException e) {
            if (!(e instanceof FileAlreadyExistsException) && Files.isSymbolicLink(file)) {
                throw new java.nio.file.FileSystemException(file.toString(), null,
                        "is a symbolic link; weft never writes state through one");
            }
            throw e;
        }
    }

    private static PosixFileAttributeView view(Path p) {
        return Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW);
    }
}
