package dev.weft.io;

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
 * A listening unix socket that only its owner can reach: bound inside a fresh 0700 directory,
 * chmod 0600, then renamed over the target path (which replaces a stale socket atomically), so
 * there is no moment at which the socket exists with a wider mode. A path held by a live server,
 * or by something that is not a socket, is refused. (The fast path's socket does the same; this
 * is the public form for other servers, e.g. the DHCP lease daemon.)
 */
public final class PrivateSocket {
    private static final System.Logger LOG = System.getLogger(PrivateSocket.class.getName());

    private PrivateSocket() {
    }

    /** Binds {@code target} privately; throws {@link FileAlreadyExistsException} when a live server holds it. */
    public static ServerSocketChannel bind(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        checkReplaceable(target);
        Path dir = Files.createTempDirectory(parent, ".s",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = dir.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(tmp));
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

    /** Whether a process accepts connections on {@code socket} now. */
    public static boolean served(Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException refused) {
            return false;
        }
    }

    /** The socket file's inode, to remove it at close only if no successor replaced it. */
    public static Optional<Object> identity(Path socket) {
        try {
            return Optional.ofNullable(attributes(socket).fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes {@code socket} if it is still the file {@code identity} names. */
    public static void deleteIfSame(Path socket, Optional<Object> identity) {
        try {
            if (identity.isPresent() && identity.equals(identity(socket))) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove socket file " + socket, e);
        }
    }

    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!attributes(target).isOther()) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and is not a socket; not replacing it");
        }
        if (served(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "another process is serving this socket");
        }
        LOG.log(System.Logger.Level.INFO, "replacing stale socket file {0}", target);
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
