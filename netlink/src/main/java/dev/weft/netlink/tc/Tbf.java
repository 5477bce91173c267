package dev.weft.netlink.tc;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket filter: packets leave at {@code rate} on average, in bursts of at most
 * {@code burstBytes} (the bucket's size), and up to {@code limitBytes} wait in the queue; more
 * are dropped. The kernel holds burst and limit in 32-bit fields.
 *
 * <p>Read back from the kernel, the burst is derived from the bucket's size in scheduler ticks
 * (the kernel keeps time, not bytes), so it may come back a few bytes short:
 * {@link #sameAs} compares with that tolerance.
 */
public record Tbf(Rate rate, long burstBytes, long limitBytes) implements QdiscKind {
    /** The largest value of the kernel's 32-bit burst and limit fields. */
    public static final long U32_MAX = 0xFFFF_FFFFL;

    public Tbf {
        Objects.requireNonNull(rate, "rate");
        if (burstBytes < 1 || burstBytes > U32_MAX) {
            throw new IllegalArgumentException("burst " + burstBytes + " bytes is not in 1.." + U32_MAX);
        }
        if (limitBytes < 1 || limitBytes > U32_MAX) {
            throw new IllegalArgumentException("limit " + limitBytes + " bytes is not in 1.." + U32_MAX);
        }
    }

    /**
     * A TBF whose queue holds what {@code latency} at {@code rate} drains, plus the burst: tc's
     * {@code latency} option, {@code limit = rate × latency + burst} (rounded down, as tc does).
     */
    public static Tbf withLatency(Rate rate, long burstBytes, Duration latency) {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency " + latency + " is not positive");
        }
        double usec = latency.toNanos() / 1000.0;
        double limit = rate.bytesPerSecond() * usec / 1_000_000.0 + burstBytes;
        if (limit > U32_MAX) {
            throw new IllegalArgumentException("latency " + latency + " at " + rate + " needs a limit of "
                    + (long) limit + " bytes, over the kernel's 32 bits");
        }
        return new Tbf(rate, burstBytes, (long) limit);
    }

    @Override
    public String kind() {
        return "tbf";
    }

    /**
     * Whether {@code installed} (decoded from the kernel) is this TBF: the same rate and limit,
     * and a burst short by no more than what the kernel's rounding to 64 ns ticks loses (two
     * ticks' worth of bytes at the rate, plus one byte).
     */
    public boolean sameAs(Tbf installed) {
        double slack = rate.bytesPerSecond() * 2 * Psched.LINUX.tickNanos() / 1e9 + 1;
        return installed.rate.equals(rate) && installed.limitBytes == limitBytes
                && Math.abs(installed.burstBytes - burstBytes) <= slack;
    }
}
