package dev.weft.fastpath;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves CNI calls on a unix socket (mode 0600), one virtual thread per connection so concurrent
 * ADDs run in parallel. {@link #close} stops accepting, lets calls in flight finish (up to a drain
 * period, then interrupts them) and removes the socket file unless a successor replaced it.
 */
public final class CniSocketServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CniSocketServer.class.getName());
    /** A CNI ADD can take a while (IPAM, netns setup); a shutdown should not cut one short lightly. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Optional<Object> identity;
    private final CniHandler handler;
    private final Duration drain;
    private final ExecutorService connections =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("weft-cni-conn-", 0).factory());
    private final Thread acceptor;
    private volatile boolean closed;

    private CniSocketServer(Path socket, ServerSocketChannel channel, CniHandler handler, Duration drain) {
        this.socket = socket;
        this.channel = channel;
        this.identity = SocketFile.identity(socket);
        this.handler = handler;
        this.drain = drain;
        // accept() parks an OS thread only while idle; a named platform thread shows up in jstack.
        this.acceptor = Thread.ofPlatform().daemon().name("weft-cni-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code socket} (replacing a stale socket file) and starts serving. */
    public static CniSocketServer start(Path socket, CniHandler handler) throws IOException {
        return start(socket, handler, DEFAULT_DRAIN);
    }

    public static CniSocketServer start(Path socket, CniHandler handler, Duration drain) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(drain, "drain");
        CniSocketServer s = new CniSocketServer(socket, SocketFile.bindPrivately(socket), handler, drain);
        s.acceptor.start();
        LOG.log(System.Logger.Level.INFO, "serving CNI on {0}", socket);
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = channel.accept();
                connections.execute(() -> Exchange.serve(ch, handler));
            } catch (ClosedChannelException e) { // includes AsynchronousCloseException from close()
                return;
            } catch (IOException e) { // the executor is shut down only after this loop ends
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed on " + socket, e);
                pause(); // e.g. EMFILE: do not spin
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        SocketFile.deleteIfSame(socket, identity);
        boolean interrupted = false;
        try {
            acceptor.join();
            connections.shutdown();
            if (!connections.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "CNI calls still running after {0}; interrupting them", drain);
                connections.shutdownNow(); // interrupting a blocked channel read closes the connection
            }
        } catch (InterruptedException e) {
            connections.shutdownNow();
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "stopped serving CNI on {0}", socket);
    }
}
