package dev.weft.node.backend;

import dev.weft.node.reconcile.Wakeup;
import dev.weft.nodestate.PodRecord;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Keeps the backend's per-pod state on this node ({@link Backend#ensureLocalPods}) equal to the
 * pods the weft plugin recorded: level-triggered, a round every period and sooner when woken (the
 * agent's CNI handler after an ADD or DEL, a link or route the kernel removed).
 */
public final class LocalPods implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalPods.class.getName());

    private final Backend backend;
    private final Path cniDataDir;
    private final Wakeup wakeup = new Wakeup();
    private final Thread thread;
    private volatile boolean running = true;

    public LocalPods(Backend backend, Path cniDataDir, Duration period) {
        this.backend = backend;
        this.cniDataDir = cniDataDir;
        this.thread = Thread.ofPlatform().daemon().name("weft-agent-local-pods").unstarted(() -> loop(period));
    }

    /** One round now, then the loop. */
    public LocalPods start() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "local pod reconciliation failed; retrying", e);
        }
        thread.start();
        return this;
    }

    public void wake() {
        wakeup.wake();
    }

    /** One round; public so tests converge synchronously. */
    public void round() {
        backend.ensureLocalPods(PodRecord.readAll(cniDataDir));
    }

    private void loop(Duration period) {
        while (running) {
            try {
                wakeup.await(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                round();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "local pod reconciliation failed; retrying", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
