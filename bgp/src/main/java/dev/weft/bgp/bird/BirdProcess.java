package dev.weft.bgp.bird;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The BIRD process a supervisor watches: one it started (a child, whose exit status it can tell)
 * or one it adopted (found by its pid file). A pid is BIRD's only while {@code /proc/PID/comm} says
 * {@code bird}, so a recycled pid is never mistaken for it, nor signalled. Not thread-safe: the
 * supervisor guards it.
 */
final class BirdProcess {
    private final Path pidFile;
    private Process child;
    private long pid = -1;
    private Instant since = Instant.EPOCH;

    BirdProcess(Path pidFile) {
        this.pidFile = pidFile;
    }

    /** The pid in the pid file, if that process is a live {@code bird}. */
    Optional<Long> fromPidFile() {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long p = Long.parseLong(Files.readString(pidFile).strip());
            return isBird(p) ? Optional.of(p) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void started(Process p) {
        child = p;
        pid = fromPidFile().orElse(p.pid()); // the same unless a wrapper forked
        since = Instant.now();
    }

    void adopt(long p) {
        child = null;
        pid = p;
        since = Instant.now();
    }

    void forget() {
        child = null;
        pid = -1;
    }

    boolean alive() {
        return pid > 0 && isBird(pid);
    }

    Optional<Long> pid() {
        return pid > 0 ? Optional.of(pid) : Optional.empty();
    }

    Duration runningFor() {
        return Duration.between(since, Instant.now());
    }

    /** "(pid N) exited with status S" for a child, "(pid N) is gone" for an adopted one. */
    String describeExit() {
        if (child != null && child.pid() == pid && !child.isAlive()) {
            return "(pid " + pid + ") exited with status " + child.exitValue();
        }
        return "(pid " + pid + ") is gone";
    }

    /** True when {@code pid} is a live process named {@code bird}. */
    static boolean isBird(long pid) {
        try {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("bird");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM to {@code pid} if it is BIRD, SIGKILL after {@code grace}; returns once it is gone. */
    static void end(long pid, Duration grace) {
        if (!isBird(pid)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (isBird(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (isBird(pid)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
