package dev.weft.cnm.docker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Publishing Docker containers as pods: dockerd's API socket, the node's pod records directory
 * (the {@code weft} plugin's dataDir, which the agent publishes), where labels go, how often
 * dockerd is asked, how long an endpoint no container lists is kept before it is collected, and
 * the node's policy rounds, which a newly published container waits for.
 */
public record DockerSettings(Path dockerSocket, Path cniDataDir, PodLabels labels, Duration period, Duration grace,
                             PolicyRound policy) {
    /** Without a policy round to wait for. */
    public DockerSettings(Path dockerSocket, Path cniDataDir, PodLabels labels, Duration period, Duration grace) {
        this(dockerSocket, cniDataDir, labels, period, grace, PolicyRound.NONE);
    }

    public DockerSettings {
        if (!dockerSocket.isAbsolute()) {
            throw new IllegalArgumentException("dockerSocket must be an absolute path, not " + dockerSocket);
        }
        if (!cniDataDir.isAbsolute()) {
            throw new IllegalArgumentException("cniDataDir must be an absolute path, not " + cniDataDir);
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels is required");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, not " + period);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, not " + grace);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy is required (PolicyRound.NONE for none)");
        }
    }
}
