package dev.weft.dhcp.daemon;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.io.PrivateSocket;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link LeaseHolder} on a unix socket (mode 0600): one request per connection, each on
 * a virtual thread, so a slow acquisition never holds up a DEL. Closing stops accepting, lets
 * requests in flight finish (up to 30 s) and removes the socket file unless a successor replaced it.
 */
public final class DaemonServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DaemonServer.class.getName());

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Optional<Object> identity;
    private final LeaseHolder holder;
    private final ExecutorService connections =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("weft-dhcp-conn-", 0).factory());
    private final Thread acceptor;
    private volatile boolean closed;

    private DaemonServer(Path socket, ServerSocketChannel channel, LeaseHolder holder) {
        this.socket = socket;
        this.channel = channel;
        this.identity = PrivateSocket.identity(socket);
        this.holder = holder;
        this.acceptor = Thread.ofPlatform().daemon().name("weft-dhcp-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code socket} (a stale socket file is replaced, a live server's is refused) and serves {@code holder}. */
    public static DaemonServer start(Path socket, LeaseHolder holder) throws IOException {
        DaemonServer s = new DaemonServer(socket, PrivateSocket.bind(socket), holder);
        s.acceptor.start();
        LOG.log(System.Logger.Level.INFO, "serving DHCP leases on {0}", socket);
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = channel.accept();
                connections.execute(() -> serve(ch));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed on " + socket, e);
                try {
                    Thread.sleep(100); // e.g. EMFILE: do not spin
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            DaemonReply reply;
            try {
                reply = Dispatch.answer(holder, DaemonCodec.decodeRequest(LineIo.read(ch)));
            } catch (IllegalArgumentException e) {
                reply = new DaemonReply.Failed(DhcpException.Reason.TRANSPORT, "bad request: " + e.getMessage());
            }
            LineIo.write(ch, DaemonCodec.encode(reply));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "a DHCP client connection failed: {0}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + socket, e);
        }
        PrivateSocket.deleteIfSame(socket, identity);
        try {
            acceptor.join();
            connections.shutdown();
            if (!connections.awaitTermination(30, TimeUnit.SECONDS)) {
                connections.shutdownNow();
            }
        } catch (InterruptedException e) {
            connections.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "stopped serving DHCP leases on {0}", socket);
    }
}
