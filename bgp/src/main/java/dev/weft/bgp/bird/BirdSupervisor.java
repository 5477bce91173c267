package dev.weft.bgp.bird;

import dev.weft.bgp.BgpException;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps one BIRD running with the configuration it is given. {@link #apply} is idempotent: it
 * checks a new configuration with {@code bird -p} first (a failing one is kept as
 * {@code bird.conf.rejected}, reported, and never replaces the running one), writes it atomically,
 * and then reconfigures the running BIRD over its socket, or starts BIRD. A BIRD left running by a
 * previous agent (found by its pid file, its name and its socket) is adopted, not restarted: an
 * agent restart or {@code kill -9} touches no route. A BIRD that dies is started again after a
 * backoff (0.5 s doubling to 30 s, reset after 30 s of running) with {@code -R}, graceful restart
 * recovery, so the kernel keeps its routes until the sessions are back. A BIRD started in recovery
 * (restarted here, or found dead with its pid file left) runs the recovery configuration given with
 * the last {@link #apply} ({@link BirdConfig#recovery}); the listeners of {@link #onRestart} are told,
 * so that the caller's next round applies its configuration again. {@link #stop} ends BIRD (its
 * routes are withdrawn everywhere); {@link #close} only stops supervising.
 */
public final class BirdSupervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BirdSupervisor.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final BirdLayout layout;
    private final BirdLauncher launcher;
    private final BirdControl control;
    private final Duration poll;
    private final Object lock = new Object();
    private final BirdProcess process;
    private final BirdFiles files;
    private String applied;
    private String recovery;
    private final java.util.List<Runnable> restartListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean supervising;
    private int restarts;
    private String problem;
    private Duration backoff = MIN_BACKOFF;
    private Thread monitor;

    /** Supervises BIRD in {@code layout}, started by {@code launcher}, checked every {@code poll}. */
    public BirdSupervisor(BirdLayout layout, BirdLauncher launcher, Duration poll) {
        this.layout = layout;
        this.launcher = launcher;
        this.control = new BirdControl(layout.socket(), Duration.ofSeconds(10));
        this.poll = poll;
        this.process = new BirdProcess(layout.pidFile());
        this.files = new BirdFiles(layout);
    }

    public BirdSupervisor(BirdLayout layout, BirdLauncher launcher) {
        this(layout, launcher, Duration.ofMillis(250));
    }

    /** Makes BIRD run {@code config}, which is also its recovery configuration. */
    public ApplyResult apply(String config) {
        return apply(config, config);
    }

    /**
     * Makes BIRD run {@code config}, and remembers {@code recoveryConfig} for a start in graceful
     * restart recovery (then BIRD runs that one, reported as {@code STARTED}, and the caller applies
     * {@code config} again in its next round); see the class notes. Throws when BIRD cannot be started
     * at all.
     */
    public ApplyResult apply(String config, String recoveryConfig) {
        synchronized (lock) {
            supervising = true;
            boolean alive = process.alive() || adopt();
            if (alive && config.equals(applied)) {
                recovery = recoveryConfig;
                ensureMonitor();
                return new ApplyResult(ApplyResult.Outcome.UNCHANGED, "");
            }
            Optional<String> bad = files.check(config, launcher);
            if (bad.isPresent()) {
                problem = "configuration refused by bird -p (kept in " + layout.rejected() + "): " + bad.get();
                LOG.log(System.Logger.Level.WARNING, problem);
                ensureMonitor();
                return new ApplyResult(ApplyResult.Outcome.REJECTED, bad.get());
            }
            ApplyResult r = alive ? reconfigure(config) : startWith(config, recoveryConfig);
            if (!r.rejected()) {
                recovery = recoveryConfig;
            }
            ensureMonitor();
            return r;
        }
    }

    /**
     * The configuration the running BIRD was given, adopting a BIRD a previous agent left running;
     * empty when no BIRD runs (the next {@link #apply} starts one).
     */
    public Optional<String> runningConfig() {
        synchronized (lock) {
            boolean alive = process.alive() || adopt();
            return alive ? Optional.ofNullable(applied) : Optional.empty();
        }
    }

    private ApplyResult reconfigure(String config) {
        String previous = applied;
        files.writeConfig(config);
        ConfigureResult r = control.configure();
        if (!r.ok()) {
            if (previous != null) {
                files.writeConfig(previous);
            }
            problem = "BIRD refused the configuration: " + r.code() + " " + r.message();
            return new ApplyResult(ApplyResult.Outcome.REJECTED, r.message());
        }
        applied = config;
        problem = null;
        return new ApplyResult(ApplyResult.Outcome.RECONFIGURED, r.message());
    }

    private ApplyResult startWith(String config, String recoveryConfig) {
        boolean recover = Files.exists(layout.pidFile()); // left by a BIRD that did not shut down
        String text = recover ? checked(recoveryConfig, config) : config;
        files.writeConfig(text);
        launch(recover);
        applied = text;
        problem = null;
        return new ApplyResult(ApplyResult.Outcome.STARTED, recover ? ApplyResult.RECOVERY : "");
    }

    /** {@code recoveryConfig} when {@code bird -p} takes it, else {@code fallback}. */
    private String checked(String recoveryConfig, String fallback) {
        if (recoveryConfig == null || recoveryConfig.equals(fallback)) {
            return fallback;
        }
        Optional<String> bad = files.check(recoveryConfig, launcher);
        bad.ifPresent(why -> LOG.log(System.Logger.Level.WARNING, "recovery configuration refused by bird -p ("
                + why + "); starting with the other one"));
        return bad.isEmpty() ? recoveryConfig : fallback;
    }

    /** A BIRD from before (its pid file names a live {@code bird} answering on the socket) is taken over. */
    private boolean adopt() {
        Optional<Long> pid = process.fromPidFile();
        if (pid.isEmpty()) {
            return false;
        }
        if (!waitForSocket(pid.get(), Duration.ofSeconds(3))) {
            LOG.log(System.Logger.Level.WARNING, "BIRD pid " + pid.get() + " does not answer on " + layout.socket()
                    + "; ending it and starting another");
            BirdProcess.end(pid.get(), Duration.ofSeconds(5));
            return false;
        }
        process.adopt(pid.get());
        applied = files.readConfig();
        LOG.log(System.Logger.Level.INFO, "adopted BIRD pid " + pid.get());
        return true;
    }

    /** Starts BIRD and waits until it answers; an interrupt meanwhile is kept for the caller. */
    private void launch(boolean recovery) {
        files.rotateLog();
        Process p = launcher.start(layout, recovery);
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new BgpException("BIRD exited at start (status " + p.exitValue() + "): " + files.logTail());
                }
                if (control.ping()) {
                    process.started(p);
                    return;
                }
                if (!sleep(Duration.ofMillis(50))) {
                    interrupted |= Thread.interrupted();
                }
            }
            BirdProcess.end(p.pid(), Duration.ofSeconds(5));
            throw new BgpException("BIRD did not answer on " + layout.socket() + " within " + START_TIMEOUT + ": "
                    + files.logTail());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean waitForSocket(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (control.ping()) {
                return true;
            }
            if (!BirdProcess.isBird(pid)) {
                return false;
            }
            sleep(Duration.ofMillis(100));
        }
        return false;
    }

    private void ensureMonitor() {
        if (monitor == null || !monitor.isAlive()) {
            monitor = Thread.ofPlatform().name("weft-bird-monitor").daemon().start(this::watch);
        }
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            if (!sleep(poll)) {
                return;
            }
            Duration wait;
            synchronized (lock) {
                if (!supervising) {
                    return;
                }
                if (process.alive()) {
                    if (process.runningFor().compareTo(STABLE) > 0) {
                        backoff = MIN_BACKOFF;
                    }
                    continue;
                }
                problem = "BIRD " + process.describeExit() + "; restarting in " + backoff.toMillis() + " ms";
                LOG.log(System.Logger.Level.WARNING, problem);
                process.forget();
                wait = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            if (!sleep(wait)) {
                return;
            }
            synchronized (lock) {
                if (!supervising || process.alive()) {
                    continue;
                }
                try {
                    if (applied != null) {
                        String text = checked(recovery, applied);
                        files.writeConfig(text);
                        applied = text;
                    }
                    launch(true);
                    restarts++;
                    problem = null;
                    LOG.log(System.Logger.Level.INFO, "BIRD restarted (pid " + process.pid().orElse(-1L) + ")");
                } catch (BgpException e) {
                    problem = e.getMessage();
                    LOG.log(System.Logger.Level.WARNING, problem);
                    continue;
                }
            }
            restartListeners.forEach(Runnable::run);
        }
    }

    /** Runs {@code listener} (on the supervisor's thread, so briefly) after each restart of a BIRD that died; closing unregisters it. */
    public AutoCloseable onRestart(Runnable listener) {
        restartListeners.add(listener);
        return () -> restartListeners.remove(listener);
    }

    /** Ends BIRD cleanly (SIGTERM: it tells its peers and removes its kernel routes) and stops supervising. */
    public void stop() {
        Thread m;
        synchronized (lock) {
            supervising = false;
            m = monitor;
            if (!process.alive()) {
                adopt();
            }
            process.pid().ifPresent(pid -> BirdProcess.end(pid, Duration.ofSeconds(10)));
            process.forget();
            applied = null;
        }
        if (m != null) {
            m.interrupt();
        }
    }

    /** Stops supervising and leaves BIRD running with its routes (the agent is going away). */
    @Override
    public void close() {
        Thread m;
        synchronized (lock) {
            supervising = false;
            m = monitor;
        }
        if (m != null) {
            m.interrupt();
        }
    }

    /** The running BIRD's pid: the one supervised, or one its pid file names (not adopted yet). */
    public Optional<Long> pid() {
        synchronized (lock) {
            return process.alive() ? process.pid() : process.fromPidFile();
        }
    }

    /** How many times BIRD was started again after it died. */
    public int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /** The last thing that went wrong and was not fixed since: a refused configuration, a death. */
    public Optional<String> problem() {
        synchronized (lock) {
            return Optional.ofNullable(problem);
        }
    }

    public BirdControl control() {
        return control;
    }

    public BirdLayout layout() {
        return layout;
    }

    /** Sleeps; false when interrupted (time to stop). */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
