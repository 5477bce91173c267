package dev.weft.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon a test started (BIRD, FRR, dnsmasq, dockerd, etcd, iperf3), in a namespace of the
 * test's, with its output in a log file under a directory the test owns; {@link #close()} ends it
 * by pid (TERM, then KILL). Daemons that fork away from their parent are tracked through their
 * pid file ({@link #withPidFile}).
 */
public final class Daemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private Path pidFile;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code cmd} inside namespace {@code netns} (null: this namespace) through
     * {@code nsenter --net}, which keeps this process's mounts (unlike {@code ip netns exec}).
     */
    public static Daemon start(String name, String netns, Path log, String... cmd) {
        List<String> full = new ArrayList<>();
        if (netns != null) {
            full.addAll(List.of("nsenter", "--net=" + Netns.path(netns)));
        }
        full.addAll(List.of(cmd));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new Daemon(name, p, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + full, e);
        }
    }

    /** The daemon forks and records its pid here: {@link #close()} ends that pid too. */
    public Daemon withPidFile(Path pidFile) {
        this.pidFile = pidFile;
        return this;
    }

    /** The pid of the process the test started (for a forking daemon, see {@link #daemonPid()}). */
    public long pid() {
        return process.pid();
    }

    /** The pid the daemon wrote to its pid file, once it did. */
    public Optional<Long> daemonPid() {
        try {
            return pidFile == null || !Files.exists(pidFile) ? Optional.empty()
                    : Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean alive() {
        return process.isAlive() || daemonPid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** What it printed so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until {@code ready} holds; fails with the daemon's log when it does not in time. */
    public Daemon awaitReady(Duration timeout, java.util.function.BooleanSupplier ready) {
        try {
            Await.until(timeout, ready, name + " ready");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + name + " printed:\n" + log(), e);
        }
        return this;
    }

    @Override
    public void close() {
        List<ProcessHandle> targets = new ArrayList<>();
        daemonPid().flatMap(ProcessHandle::of).ifPresent(targets::add);
        process.toHandle().descendants().forEach(targets::add);
        targets.add(process.toHandle());
        targets.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : targets) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }
}
