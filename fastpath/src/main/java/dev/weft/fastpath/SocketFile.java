package dev.weft.fastpath;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Binds a listening socket that is never reachable by anyone but its owner: bound inside a fresh
 * 0700 directory, chmod 0600, then renamed over the target path (which also replaces a stale
 * socket atomically). A path held by a live server, or by something that is not a socket, is refused.
 */
final class SocketFile {
    private static final System.Logger LOG = System.getLogger(SocketFile.class.getName());

    private SocketFile() {
    }

    /** {@code backlog}: connections the kernel queues until accepted; a full queue blocks a connecting shim. */
    static ServerSocketChannel bindPrivately(Path target, int backlog) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        checkReplaceable(target);
        Path dir = Files.createTempDirectory(parent, ".s", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = dir.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(tmp), backlog);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces a stale socket
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** The inode of the socket file, to remove it on close only if no successor replaced it. */
    static Optional<Object> identity(Path p) {
        try {
            return Optional.ofNullable(attributes(p).fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void deleteIfSame(Path p, Optional<Object> identity) {
        try {
            if (identity.isPresent() && identity.equals(identity(p))) {
                Files.delete(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove socket file " + p, e);
        }
    }

    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!attributes(target).isOther()) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and is not a socket; not replacing it");
        }
        if (connects(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "another process is serving this socket");
        }
        LOG.log(System.Logger.Level.INFO, "replacing stale socket file {0}", target);
    }

    private static boolean connects(Path p) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return c.connect(UnixDomainSocketAddress.of(p));
        } catch (IOException refused) {
            return false;
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
