package dev.weft.fastpath;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action once a duration has passed, unless closed first: how a blocking channel read or
 * write gets a timeout (unix domain channels have no {@code SO_TIMEOUT}). The action unblocks the
 * waiting thread: {@code shutdownInput} makes a read see end-of-stream, closing the channel makes
 * any call fail.
 *
 * <p>All deadlines share one timer thread ({@link #TIMER}): arming one is a queue insert and
 * closing one a removal, with no thread started or woken per call beyond the timer's own when a
 * deadline becomes its earliest. (One virtual thread per deadline, as before, cost two thread
 * starts and two interrupts on every CNI call: a few hundred microseconds of wake-ups on a small
 * VM, on the call's critical path.)
 */
final class Deadline implements AutoCloseable {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private volatile ScheduledFuture<?> scheduled;

    private Deadline() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("weft-cni-deadlines").unstarted(r));
        t.setRemoveOnCancelPolicy(true); // a closed deadline leaves nothing queued for 10 s
        return t;
    }

    static Deadline start(Duration after, Runnable onExpiry) {
        Deadline d = new Deadline();
        d.scheduled = TIMER.schedule(() -> {
            if (d.state.compareAndSet(ARMED, FIRED)) {
                onExpiry.run();
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
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
            scheduled.cancel(false);
        }
    }
}
