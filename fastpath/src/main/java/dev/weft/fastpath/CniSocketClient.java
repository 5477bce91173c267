package dev.weft.fastpath;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends one CNI call to the agent, as the C shim does: the frame, a half-close, then the answer,
 * all within a timeout. A failed connect is an {@link AgentUnavailableException} (safe to run the
 * plugin elsewhere); any later failure is a plain {@link IOException}, after which the agent may
 * already have acted. An agent may answer before it read the whole request (a refusal, an error)
 * and close: the write then fails, and the answer is read all the same.
 */
public final class CniSocketClient {
    /** As the shim's default: longer than anything the agent itself waits for. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final Path socket;
    private final Duration timeout;

    public CniSocketClient(Path socket) {
        this(socket, DEFAULT_TIMEOUT);
    }

    public CniSocketClient(Path socket, Duration timeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public Path socket() {
        return socket;
    }

    public CniResponse call(CniRequest request) throws IOException {
        byte[] frame = FrameCodec.encodeRequest(request);
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try (ch; Deadline d = Deadline.start(timeout, () -> closeQuietly(ch))) {
            connect(ch, d);
            IOException unsent = null;
            try {
                FrameIo.write(Channels.newOutputStream(ch), frame);
                ch.shutdownOutput(); // the end of the request (PROTOCOL.md)
            } catch (IOException e) {
                unsent = e; // the agent may have answered already: read it
            }
            try {
                return FrameIo.readResponse(Channels.newInputStream(ch));
            } catch (IOException e) {
                if (unsent != null) {
                    e.addSuppressed(unsent);
                }
                if (d.expired()) {
                    throw new IOException("weft agent at " + socket + " did not answer within " + timeout, e);
                }
                throw e;
            }
        }
    }

    /** A connect that blocked until the deadline (a full backlog) means an agent is there: not "unavailable". */
    private void connect(SocketChannel ch, Deadline d) throws IOException {
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            if (d.expired()) {
                throw new IOException("weft agent at " + socket + " did not accept the connection within " + timeout, e);
            }
            throw new AgentUnavailableException("weft agent unavailable at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing only to unblock the caller
        }
    }
}
