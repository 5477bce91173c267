package dev.weft.netlink.tc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The packet scheduler's clock as {@code /proc/net/psched} reports it, and {@code tc}'s
 * conversions between bytes at a rate and scheduler ticks.
 *
 * <p>The file holds four hex words: nanoseconds per microsecond (1000), nanoseconds per tick
 * (64 since Linux 2.6.31: {@code PSCHED_SHIFT} 6), the clock resolution iproute2 uses as the
 * tick-to-microsecond factor (1000000) and the hrtimer resolution. As iproute2's
 * {@code tc_core_init}: {@code tick_in_usec = t2us / us2t * clock_res / 1e6}, except that a
 * clock resolution of 1e9 means "ticks are nanoseconds" ({@code t2us = us2t}). Here that gives
 * 15.625 ticks per microsecond.
 */
public record Psched(long t2us, long us2t, long clockRes) {
    /** What every kernel since 2.6.31 reports. */
    public static final Psched LINUX = new Psched(1000, 64, 1_000_000);
    private static final double TIME_UNITS_PER_SEC = 1_000_000.0;
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final Path PROC = Path.of("/proc/net/psched");
    private static volatile Psched system;

    public Psched {
        if (t2us <= 0 || us2t <= 0 || clockRes <= 0) {
            throw new IllegalArgumentException("psched values must be positive: " + t2us + " " + us2t + " " + clockRes);
        }
    }

    /** Parses the text of {@code /proc/net/psched} (at least the first three hex words). */
    public static Psched parse(String text) {
        String[] w = text.strip().split("\\s+");
        if (w.length < 3) {
            throw new IllegalArgumentException("psched: expected 3 hex words, got \"" + text.strip() + "\"");
        }
        try {
            return new Psched(Long.parseLong(w[0], 16), Long.parseLong(w[1], 16), Long.parseLong(w[2], 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("psched: not hex: \"" + text.strip() + "\"", e);
        }
    }

    /** This kernel's values, read once from {@code /proc/net/psched}. */
    public static Psched system() {
        Psched p = system;
        if (p == null) {
            try {
                p = parse(Files.readString(PROC));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + PROC + " (the packet scheduler's clock)", e);
            }
            system = p;
        }
        return p;
    }

    /** Scheduler ticks per microsecond (15.625 on Linux). */
    public double tickInUsec() {
        long t2 = clockRes == 1_000_000_000L ? us2t : t2us;
        return (double) t2 / us2t * (clockRes / TIME_UNITS_PER_SEC);
    }

    /**
     * Ticks to send {@code size} bytes at {@code bytesPerSecond}: iproute2 6.1's
     * {@code tc_calc_xmittime}, which truncates twice — to whole microseconds, then to whole
     * ticks — so that the values are byte-for-byte what {@code tc} sends. (iproute2 6.14 and later
     * round up instead; the kernel ignores both where it matters, see the package notes.) Values
     * past 32 bits are capped at 0xffffffff, the field's width.
     */
    public long xmitTime(long bytesPerSecond, long size) {
        double usec = Math.floor(TIME_UNITS_PER_SEC * ((double) size / (double) bytesPerSecond));
        if (usec > U32_MAX) {
            return U32_MAX;
        }
        return Math.min(U32_MAX, (long) Math.floor(usec * tickInUsec()));
    }

    /** Bytes sent in {@code ticks} at {@code bytesPerSecond}, rounded to the nearest byte. */
    public long xmitSize(long bytesPerSecond, long ticks) {
        return Math.round((double) bytesPerSecond * (ticks / tickInUsec()) / TIME_UNITS_PER_SEC);
    }

    /**
     * The largest size whose {@link #xmitTime} at {@code bytesPerSecond} still fits the 32-bit
     * field (is below 0xffffffff, the value {@code xmitTime} caps at): the longest bucket or buffer
     * a TBF can hold at that rate (about 275 s of it on Linux).
     */
    public long maxSize(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive: " + bytesPerSecond);
        }
        long lo = 0;
        long hi = (long) Math.ceil(bytesPerSecond * (U32_MAX / TIME_UNITS_PER_SEC)) + 1;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (xmitTime(bytesPerSecond, mid) < U32_MAX) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The length of one tick in nanoseconds (64 on Linux). */
    public double tickNanos() {
        return 1000.0 / tickInUsec();
    }
}
