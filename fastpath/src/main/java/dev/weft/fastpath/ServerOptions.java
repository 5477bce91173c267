package dev.weft.fastpath;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what clients of {@link CniSocketServer} can hold. A shim sends its whole request at
 * once (it has read stdin before it connects), so ten seconds for a request is generous; the limit
 * on connections is far above a node's real concurrency (kubelet starts pods a few at a time, the
 * lab's burst is 100) and far below the agent's descriptor limit.
 *
 * @param maxConnections  connections served at once; one more is answered with code 11 (try again later) and closed
 * @param requestTimeout  from accept to the end of the request (the client's half-close); then an error answer
 * @param responseTimeout for writing the answer (and draining what a rejected client still sends); then the connection is closed
 * @param drain           how long {@link CniSocketServer#close} lets calls in flight finish before interrupting them
 */
public record ServerOptions(int maxConnections, Duration requestTimeout, Duration responseTimeout, Duration drain) {
    public static final ServerOptions DEFAULT =
            new ServerOptions(256, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));

    public ServerOptions {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        positive(requestTimeout, "requestTimeout");
        positive(responseTimeout, "responseTimeout");
        Objects.requireNonNull(drain, "drain");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative: " + drain);
        }
    }

    public ServerOptions withMaxConnections(int n) {
        return new ServerOptions(n, requestTimeout, responseTimeout, drain);
    }

    public ServerOptions withRequestTimeout(Duration d) {
        return new ServerOptions(maxConnections, d, responseTimeout, drain);
    }

    public ServerOptions withResponseTimeout(Duration d) {
        return new ServerOptions(maxConnections, requestTimeout, d, drain);
    }

    public ServerOptions withDrain(Duration d) {
        return new ServerOptions(maxConnections, requestTimeout, responseTimeout, d);
    }

    private static void positive(Duration d, String field) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + d);
        }
    }
}
