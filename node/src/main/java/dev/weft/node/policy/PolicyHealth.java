package dev.weft.node.policy;

/**
 * How the agent's policy rounds have gone: rounds that applied their table and rounds that failed,
 * when the last good one ended, and the last failure's message ("" once a round succeeds again).
 * {@code failing} says the latest round failed: the table in the kernel is then the last good
 * round's, whatever changed since. Reported in the agent's status file for {@code weft doctor}.
 */
public record PolicyHealth(long okRounds, long failedRounds, long lastOkMillis, String lastError, boolean failing) {
    public PolicyHealth {
        if (okRounds < 0 || failedRounds < 0) {
            throw new IllegalArgumentException("round counts must not be negative: " + okRounds + ", " + failedRounds);
        }
        lastError = lastError == null ? "" : lastError;
    }

    /** No round yet. */
    public static final PolicyHealth NONE = new PolicyHealth(0, 0, 0, "", false);

    PolicyHealth succeeded(long nowMillis) {
        return new PolicyHealth(okRounds + 1, failedRounds, nowMillis, "", false);
    }

    PolicyHealth failed(String error) {
        return new PolicyHealth(okRounds, failedRounds + 1, lastOkMillis, error, true);
    }
}
