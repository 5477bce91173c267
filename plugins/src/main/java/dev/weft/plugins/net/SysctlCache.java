package dev.weft.plugins.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sysctls a kernel has ensured, per namespace (by its nsfs device and inode) and key, so that a
 * warm ADD does not read {@code ip_forward} again: an ensured value is trusted for
 * {@link #RECHECK_NANOS}, then read again (and written again if someone changed it). The
 * reference bridge plugin reads it on every ADD; an agent that never looked again would leave
 * forwarding off for good after an administrator (or another tool) turned it off, so the trust
 * is short: at most one read a second per key and namespace, however many ADDs come.
 */
final class SysctlCache {
    /** How long a value ensured (read or written) is trusted without reading it again. */
    static final long RECHECK_NANOS = 1_000_000_000L;

    /** One namespace's sysctl. */
    record Key(long nsDev, long nsIno, String key) {
    }

    private record Seen(String value, long atNanos) {
    }

    private final Map<Key, Seen> seen = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    SysctlCache() {
        this(System::nanoTime);
    }

    /** With {@code clock} (nanoseconds, as {@link System#nanoTime}): tests move it. */
    SysctlCache(LongSupplier clock) {
        this.clock = clock;
    }

    /** True when {@code key} was ensured to be {@code value} less than {@link #RECHECK_NANOS} ago. */
    boolean fresh(Key key, String value) {
        Seen s = seen.get(key);
        return s != null && s.value().equals(value) && clock.getAsLong() - s.atNanos() < RECHECK_NANOS;
    }

    /** Records that {@code key} is {@code value} now. */
    void ensured(Key key, String value) {
        seen.put(key, new Seen(value, clock.getAsLong()));
    }
}
