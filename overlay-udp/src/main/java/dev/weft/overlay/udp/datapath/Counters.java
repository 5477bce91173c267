package dev.weft.overlay.udp.datapath;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One thread's counters: written only by the packet thread that owns them (a release store of
 * the incremented value, no locked instruction), read by anyone. {@link CounterSnapshot#sum} adds
 * up the counters of every thread.
 */
public final class Counters {
    private final AtomicLongArray values = new AtomicLongArray(Counter.ALL.length);

    /** Adds one; only the owning thread may call it. */
    public void inc(Counter c) {
        int i = c.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    /** Adds {@code n}; only the owning thread may call it. */
    public void add(Counter c, long n) {
        int i = c.ordinal();
        values.setRelease(i, values.getPlain(i) + n);
    }

    /** The current value, from any thread. */
    public long get(Counter c) {
        return values.getAcquire(c.ordinal());
    }
}
