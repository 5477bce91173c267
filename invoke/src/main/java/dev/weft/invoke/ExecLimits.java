package dev.weft.invoke;

import java.time.Duration;

/**
 * Bounds on one plugin run. The defaults are generous for real plugins (a bridge ADD takes
 * milliseconds; DHCP may take seconds) yet stop a hung or runaway plugin from hanging the runtime.
 */
public record ExecLimits(Duration timeout, int maxStdin, int maxStdout, int maxStderr) {
    public static final ExecLimits DEFAULT = new ExecLimits(Duration.ofSeconds(60), 1 << 20, 4 << 20, 64 << 10);

    public ExecLimits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxStdin <= 0 || maxStdout <= 0 || maxStderr <= 0) {
            throw new IllegalArgumentException("size limits must be positive");
        }
    }

    public ExecLimits withTimeout(Duration t) {
        return new ExecLimits(t, maxStdin, maxStdout, maxStderr);
    }
}
