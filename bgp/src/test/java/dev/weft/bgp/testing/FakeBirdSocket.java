package dev.weft.bgp.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A control socket that answers like BIRD from canned replies (captured ones): the welcome line,
 * then the reply for the command received; unknown commands get BIRD's syntax error. A reply of
 * {@code null} hangs (for timeouts); a reply without its final line is sent and the socket closed.
 */
public final class FakeBirdSocket implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Map<String, String> replies;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public FakeBirdSocket(Path socket, Map<String, String> replies) throws IOException {
        Files.deleteIfExists(socket);
        this.replies = replies;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = Thread.ofPlatform().daemon().start(this::serve);
    }

    /** The commands received so far. */
    public List<String> received() {
        return received;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                ch.write(ByteBuffer.wrap("0001 BIRD 2.0.12 ready.\n".getBytes(StandardCharsets.UTF_8)));
                String cmd = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
                        .readLine();
                received.add(cmd);
                String reply = replies.containsKey(cmd) ? replies.get(cmd) : "9001 syntax error, unexpected CF_SYM_UNDEFINED\n";
                if (reply == null) {
                    Thread.sleep(60_000);
                    continue;
                }
                ch.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | InterruptedException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
