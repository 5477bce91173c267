package dev.weft.ipam.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Tuning of {@link ClusterIpam}: compare-and-swap attempts per operation and the cap of the
 * jittered exponential backoff between them, the clock (allocation times, which GC's grace
 * period is measured against), the randomness (block choice, jitter), the host lock, and how long
 * an ADD that found its pool exhausted waits for other nodes to give reservations back ({@link GiveBack}).
 */
public record IpamOptions(int maxAttempts, Duration maxBackoff, Clock clock, RandomGenerator random, HostLock hostLock,
                          Duration giveBackWait) {
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
        if (giveBackWait == null || giveBackWait.isNegative()) {
            throw new IllegalArgumentException("giveBackWait must be zero or positive");
        }
    }

    /** 32 attempts, backoff up to 50 ms, system clock, no host lock, 5 s for reservations to come back. */
    public static IpamOptions defaults() {
        return new IpamOptions(32, Duration.ofMillis(50), Clock.systemUTC(), new java.util.Random(),
                HostLock.NONE, Duration.ofSeconds(5));
    }

    public IpamOptions withGiveBackWait(Duration wait) {
        return new IpamOptions(maxAttempts, maxBackoff, clock, random, hostLock, wait);
    }

    public IpamOptions withHostLock(HostLock lock) {
        return new IpamOptions(maxAttempts, maxBackoff, clock, random, lock, giveBackWait);
    }

    public IpamOptions withClock(Clock c) {
        return new IpamOptions(maxAttempts, maxBackoff, c, random, hostLock, giveBackWait);
    }

    public IpamOptions withRandom(RandomGenerator r) {
        return new IpamOptions(maxAttempts, maxBackoff, clock, r, hostLock, giveBackWait);
    }

    public IpamOptions withAttempts(int attempts, Duration backoff) {
        return new IpamOptions(attempts, backoff, clock, random, hostLock, giveBackWait);
    }
}
