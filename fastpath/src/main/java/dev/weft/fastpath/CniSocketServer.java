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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves CNI calls on a unix socket (mode 0600), one virtual thread per connection so concurrent
 * ADDs run in parallel. At most {@link ServerOptions#maxConnections} connections are served at
 * once; one more is answered at once with code 11 (try again later) and closed, so a flood of
 * connections can neither exhaust the agent's descriptors nor leave a shim waiting. A request must
 * arrive within {@link ServerOptions#requestTimeout}. {@link #close} stops accepting, lets calls
 * in flight finish (up to a drain period, then interrupts them) and removes the socket file unless
 * a successor replaced it.
 */
public final class CniSocketServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CniSocketServer.class.getName());
    /** A CNI ADD can take a while (IPAM, netns setup); a shutdown should not cut one short lightly. */
    public static final Duration DEFAULT_DRAIN = ServerOptions.DEFAULT.drain();
    /** A flood is logged once per this period, not once per refused connection. */
    private static final long REFUSAL_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Optional<Object> identity;
    private final CniHandler handler;
    private final ServerOptions options;
    private final Semaphore slots;
    private final AtomicLong refused = new AtomicLong();
    private long lastRefusalLog = System.nanoTime() - REFUSAL_LOG_NANOS;
    private final ExecutorService connections =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("weft-cni-conn-", 0).factory());
    private final Thread acceptor;
    private volatile boolean closed;

    private CniSocketServer(Path socket, ServerSocketChannel channel, CniHandler handler, ServerOptions options) {
        this.socket = socket;
        this.channel = channel;
        this.identity = SocketFile.identity(socket);
        this.handler = handler;
        this.options = options;
        this.slots = new Semaphore(options.maxConnections());
        // accept() parks an OS thread only while idle; a named platform thread shows up in jstack.
        this.acceptor = Thread.ofPlatform().daemon().name("weft-cni-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code socket} (replacing a stale socket file) and starts serving with {@link ServerOptions#DEFAULT}. */
    public static CniSocketServer start(Path socket, CniHandler handler) throws IOException {
        return start(socket, handler, ServerOptions.DEFAULT);
    }

    public static CniSocketServer start(Path socket, CniHandler handler, Duration drain) throws IOException {
        return start(socket, handler, ServerOptions.DEFAULT.withDrain(drain));
    }

    public static CniSocketServer start(Path socket, CniHandler handler, ServerOptions options) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        CniSocketServer s = new CniSocketServer(socket, SocketFile.bindPrivately(socket, options.maxConnections()), handler, options);
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
                if (!slots.tryAcquire()) {
                    refuse(ch);
                    continue;
                }
                serve(ch);
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

    private void serve(SocketChannel ch) {
        try {
            connections.execute(() -> {
                try {
                    Exchange.serve(ch, handler, options);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException closing) {
            slots.release();
            Exchange.refuse(ch, options.maxConnections());
        }
    }

    private void refuse(SocketChannel ch) {
        long n = refused.incrementAndGet(); // counted before the client can read the answer
        Exchange.refuse(ch, options.maxConnections());
        long now = System.nanoTime();
        if (now - lastRefusalLog >= REFUSAL_LOG_NANOS) { // only the acceptor thread gets here
            lastRefusalLog = now;
            LOG.log(System.Logger.Level.WARNING, "{0} CNI connections in progress (the limit): refused {1} so far",
                    options.maxConnections(), n);
        }
    }

    /** Connections refused so far because {@link ServerOptions#maxConnections} were being served. */
    public long refused() {
        return refused.get();
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
            if (!connections.awaitTermination(options.drain().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "CNI calls still running after {0}; interrupting them", options.drain());
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
