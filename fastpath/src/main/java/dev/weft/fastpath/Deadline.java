package dev.weft.fastpath;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action once a duration has passed, unless closed first: how a blocking channel read or
 * write gets a timeout (unix domain channels have no {@code SO_TIMEOUT}). The action unblocks the
 * waiting thread: {@code shutdownInput} makes a read see end-of-stream, closing the channel makes
 * any call fail. A virtual thread sleeps meanwhile, so a deadline costs no OS thread.
 */
final class Deadline implements AutoCloseable {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final Thread timer;

    private Deadline(Duration after, Runnable onExpiry) {
        this.timer = Thread.ofVirtual().name("weft-cni-deadline").unstarted(() -> {
            try {
                Thread.sleep(after);
            } catch (InterruptedException cancelled) {
                return;
            }
            if (state.compareAndSet(ARMED, FIRED)) {
                onExpiry.run();
            }
        });
    }

    static Deadline start(Duration after, Runnable onExpiry) {
        Deadline d = new Deadline(after, onExpiry);
        d.timer.start();
        return d;
    }

    /** True once the action ran (or is running): what the waiting thread saw was the timeout. */
    boolean expired() {
        return state.get() == FIRED;
    }

    /** Disarms the deadline: the action never starts unless it already has ({@link #expired}). */
    @Override
    public void close() {
        if (state.compareAndSet(ARMED, CANCELLED)) {
            timer.interrupt();
        }
    }
}
