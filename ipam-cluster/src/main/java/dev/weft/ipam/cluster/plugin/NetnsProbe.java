package dev.weft.ipam.cluster.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Whether the network namespace an attachment was made in still exists: the one question the
 * node's GC asks before it may release an address. Only a definite "gone" counts as gone: the
 * path is missing where its directory is visible (a runtime removed the bind mount, a process
 * ended), or it now names another namespace (another inode). Anything this process cannot see or
 * read is {@link Presence#UNKNOWN}, which GC treats as present.
 */
@FunctionalInterface
public interface NetnsProbe {
    /** The answer about one namespace. */
    enum Presence { PRESENT, ABSENT, UNKNOWN }

    Presence probe(String netns, OptionalLong inode);

    /** The inode of the namespace file at {@code netns}, when it can be read (nsfs: the namespace's id). */
    static OptionalLong inodeOf(String netns) {
        if (netns == null || netns.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(((Number) Files.getAttribute(Path.of(netns), "unix:ino")).longValue());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Looks at the file system of this process's mount namespace. */
    static NetnsProbe system() {
        return (netns, inode) -> {
            if (netns == null || netns.isEmpty() || !netns.startsWith("/")) {
                return Presence.UNKNOWN;
            }
            Path p = Path.of(netns);
            try {
                long now = ((Number) Files.getAttribute(p, "unix:ino")).longValue();
                return inode.isPresent() && inode.getAsLong() != now ? Presence.ABSENT : Presence.PRESENT;
            } catch (NoSuchFileException e) {
                return gone(p);
            } catch (IOException | RuntimeException e) {
                return Presence.UNKNOWN;
            }
        };
    }

    /** A missing path is gone only where its parent (or, for /proc/PID/..., /proc itself) is visible. */
    private static Presence gone(Path p) {
        if (p.startsWith("/proc/") && p.getNameCount() >= 2) {
            return Files.isDirectory(Path.of("/proc/self")) && !Files.exists(Path.of("/proc", p.getName(1).toString()))
                    ? Presence.ABSENT : Presence.UNKNOWN;
        }
        Path parent = p.getParent();
        return parent != null && Files.isDirectory(parent) ? Presence.ABSENT : Presence.UNKNOWN;
    }
}
