package dev.weft.ipam.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Tuning of {@link ClusterIpam}: compare-and-swap attempts per operation and the cap of the
 * jittered exponential backoff between them, the clock (allocation times, which GC's grace
 * period is measured against), the randomness (block choice, jitter) and the host lock.
 */
public record IpamOptions(int maxAttempts, Duration maxBackoff, Clock clock, RandomGenerator random, HostLock hostLock) {
    public IpamOptions {
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new IllegalArgumentException("maxAttempts must be 1-1000, not " + maxAttempts);
        }
        if (maxBackoff == null || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("maxBackoff must be zero or positive");
        }
        if (clock == null || random == null || hostLock == null) {
            throw new IllegalArgumentException("clock, random and hostLock are required");
        }
    }

    /** 32 attempts, backoff up to 50 ms, system clock, no host lock. */
    public static IpamOptions defaults() {
        return new IpamOptions(32, Duration.ofMillis(50), Clock.systemUTC(), new java.util.Random(),
                HostLock.NONE);
    }

    public IpamOptions withHostLock(HostLock lock) {
        return new IpamOptions(maxAttempts, maxBackoff, clock, random, lock);
    }

    public IpamOptions withClock(Clock c) {
        return new IpamOptions(maxAttempts, maxBackoff, c, random, hostLock);
    }

    public IpamOptions withRandom(RandomGenerator r) {
        return new IpamOptions(maxAttempts, maxBackoff, clock, r, hostLock);
    }

    public IpamOptions withAttempts(int attempts, Duration backoff) {
        return new IpamOptions(attempts, backoff, clock, random, hostLock);
    }
}
