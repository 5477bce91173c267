package dev.weft.lock;

import dev.weft.io.StateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An exclusive lock on a file that holds across processes and threads: {@code flock(2)}, the lock
 * the reference plugins take on the same files (see {@link Flock}), and a JVM-wide lock per path
 * so that this process's threads queue here rather than in the kernel. The kernel drops the lock
 * when a holder dies, so a killed process never wedges others.
 */
public final class FileMutex {
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    public FileMutex(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /**
     * Runs {@code action} holding the lock; creates the file ({@code rw-------}) and its directory
     * ({@code rwxr-xr-x}) when missing. The lock file is never opened through a symbolic link: a
     * link there is an error, and its target is never created.
     */
    public <T> T locked(Supplier<T> action) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, p -> new ReentrantLock());
        local.lock();
        try {
            StateFiles.createDirectories(file.getParent(), StateFiles.PUBLIC_DIRECTORY);
            try (Flock lock = Flock.open(file)) {
                lock.lock();
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        } finally {
            local.unlock();
        }
    }

    public Path file() {
        return file;
    }
}
