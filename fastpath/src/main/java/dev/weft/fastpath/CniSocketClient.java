package dev.weft.fastpath;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Sends one CNI call to the agent, as the C shim does. A failed connect is an
 * {@link AgentUnavailableException} (safe to run the plugin elsewhere); any later failure is a
 * plain {@link IOException}, after which the agent may already have acted.
 */
public final class CniSocketClient {
    private final Path socket;

    public CniSocketClient(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    public Path socket() {
        return socket;
    }

    public CniResponse call(CniRequest request) throws IOException {
        byte[] frame = FrameCodec.encodeRequest(request);
        try (SocketChannel ch = connect()) {
            FrameIo.write(Channels.newOutputStream(ch), frame);
            return FrameIo.readResponse(Channels.newInputStream(ch));
        }
    }

    private SocketChannel connect() throws AgentUnavailableException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            closeQuietly(ch, e);
            throw new AgentUnavailableException("weft agent unavailable at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(SocketChannel ch, IOException cause) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
