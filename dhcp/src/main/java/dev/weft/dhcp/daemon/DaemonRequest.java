package dev.weft.dhcp.daemon;

import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;

import java.time.Duration;

/** One request to the process holding the leases, one per connection (see the package notes). */
public sealed interface DaemonRequest {

    /** ADD: acquire (or return the held) lease within {@code timeout}. */
    record Acquire(Attachment attachment, String netns, ClientOptions options, Duration timeout)
            implements DaemonRequest {
        public Acquire {
            if (attachment == null || netns == null || netns.isBlank() || options == null) {
                throw new IllegalArgumentException("acquire needs attachment, netns and options");
            }
            DaemonRequest.checkTimeout(timeout);
        }
    }

    /** DEL: release and forget; idempotent. */
    record Release(Attachment attachment) implements DaemonRequest {
        public Release {
            DaemonRequest.checkAttachment(attachment);
        }
    }

    /** CHECK: the usable lease, or NOT_BOUND. */
    record Check(Attachment attachment) implements DaemonRequest {
        public Check {
            DaemonRequest.checkAttachment(attachment);
        }
    }

    /** Renew now rather than at T1. */
    record Renew(Attachment attachment, Duration timeout) implements DaemonRequest {
        public Renew {
            DaemonRequest.checkAttachment(attachment);
            DaemonRequest.checkTimeout(timeout);
        }
    }

    /** Every lease held. */
    record ListLeases() implements DaemonRequest {
    }

    /** The longest timeout a request may ask for: a plugin call is bounded by its runtime anyway. */
    Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private static void checkAttachment(Attachment a) {
        if (a == null) {
            throw new IllegalArgumentException("the request names no attachment");
        }
    }

    private static void checkTimeout(Duration t) {
        if (t == null || t.isNegative() || t.isZero() || t.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeoutMs " + (t == null ? null : t.toMillis())
                    + " must be between 1 and " + MAX_TIMEOUT.toMillis());
        }
    }
}
