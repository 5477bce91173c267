package dev.weft.ipam.cluster;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Bounded compare-and-swap retries: a step returns a value, or empty when it lost a race (and
 * re-reads what it needs on the next attempt). Between attempts it sleeps a random time up to an
 * exponentially growing cap ("full jitter"), so racing writers spread out instead of colliding again.
 */
final class Retry {
    private final IpamOptions options;

    Retry(IpamOptions options) {
        this.options = options;
    }

    <T> T run(String what, IntFunction<Optional<T>> step) {
        for (int attempt = 0; attempt < options.maxAttempts(); attempt++) {
            Optional<T> r = step.apply(attempt);
            if (r.isPresent()) {
                return r.get();
            }
            backoff(attempt);
        }
        throw new IpamException(IpamError.CONTENTION, what, what + ": lost the compare-and-swap "
                + options.maxAttempts() + " times (heavy contention); try again");
    }

    private void backoff(int attempt) {
        long capMicros = Math.min(options.maxBackoff().toNanos() / 1000, 500L << Math.min(attempt, 20));
        if (capMicros <= 0) {
            return;
        }
        long micros;
        synchronized (options.random()) {
            micros = options.random().nextLong(capMicros + 1);
        }
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpamException(IpamError.CONTENTION, "interrupted", "interrupted while retrying", e);
        }
    }
}
