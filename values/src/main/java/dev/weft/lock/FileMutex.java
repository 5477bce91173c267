package dev.weft.lock;

import dev.weft.io.StateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An exclusive lock on a file that holds across processes (an fcntl lock) and across threads of
 * this process (Java file locks are per process, so a JVM-wide lock per path guards them). The
 * kernel drops the fcntl lock when a holder dies, so a killed process never wedges others.
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
            try (FileChannel ch = StateFiles.open(file, StateFiles.PRIVATE_FILE, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = lock(ch)) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        } finally {
            local.unlock();
        }
    }

    /**
     * {@code fcntl(F_SETLKW)}, retried on EDEADLK: the kernel's deadlock detection sees processes,
     * not threads, so a multi-threaded holder (the agent) waiting on one file while another process
     * waits on this one is reported as a deadlock that is not there. Backing off and retrying is
     * the documented remedy.
     */
    private static FileLock lock(FileChannel ch) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return ch.lock();
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                if (attempt >= 500 || !m.contains("deadlock")) {
                    throw e;
                }
                try {
                    Thread.sleep(1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public Path file() {
        return file;
    }
}
