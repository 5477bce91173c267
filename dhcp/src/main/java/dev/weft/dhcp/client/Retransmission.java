package dev.weft.dhcp.client;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When the client sends again (RFC 2131 4.1 and 4.4.5), apart from the state machine so the
 * arithmetic reads on its own: exponential backoff with jitter while acquiring, half the remaining
 * time (at least a minimum) while renewing or rebinding.
 */
final class Retransmission {
    private final ClientConfig config;
    private final RandomGenerator random;

    Retransmission(ClientConfig config, RandomGenerator random) {
        this.config = config;
        this.random = random;
    }

    /** The {@code n}th delay (from 0): first × 2^n, at most the maximum, ± jitter. */
    Duration backoff(int n) {
        Duration base = config.firstRetransmit().multipliedBy(1L << Math.min(n, 20));
        if (base.compareTo(config.maxRetransmit()) > 0) {
            base = config.maxRetransmit();
        }
        long j = config.jitter().toMillis();
        return j == 0 ? base : base.plusMillis(random.nextLong(-j, j + 1));
    }

    /** Half the time from {@code now} to {@code end}, at least the configured minimum, never past {@code end}. */
    Instant halfwayTo(Instant now, Instant end) {
        Duration half = Duration.between(now, end).dividedBy(2);
        Instant at = now.plus(half.compareTo(config.minRenewRetransmit()) < 0 ? config.minRenewRetransmit() : half);
        return at.isAfter(end) ? end : at;
    }

    /** {@code at}, or {@code deadline} when that comes first (null: no deadline). */
    Instant capped(Instant at, Instant deadline) {
        return deadline != null && at.isAfter(deadline) ? deadline : at;
    }
}
