package dev.weft.fastpath;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves CNI calls on a unix socket (mode 0600). Connections are served by platform threads that
 * each take turns in {@code accept()} and serve what they accepted themselves, so a call costs
 * one thread wake-up (the kernel's, for the accept) and no hand-off: one thread is in
 * {@code accept()}, others wait for its turn; a thread that accepts while none waits starts another
 * before serving, so concurrent ADDs still run in parallel. A thread ends after its call when
 * {@link #SPARE} others are waiting, or after {@link #IDLE} without a turn unless it is one of
 * the last {@link #SPARE}: a burst's threads do not outlive it. (One virtual thread per connection, as before, cost a
 * hand-off from the acceptor to a carrier and a park in the poller per call.) Platform threads
 * also let a handler block in system calls (netlink, setns on workers) without pinning carriers.
 *
 * <p>At most {@link ServerOptions#maxConnections} connections are served at once; one more is
 * answered at once with code 11 (try again later) and closed, so a flood of connections can
 * neither exhaust the agent's descriptors nor leave a shim waiting. A request must arrive within
 * {@link ServerOptions#requestTimeout}. {@link #close} stops accepting, lets calls in flight
 * finish (up to a drain period, then interrupts them) and removes the socket file unless a
 * successor replaced it.
 */
public final class CniSocketServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CniSocketServer.class.getName());
    /** A CNI ADD can take a while (IPAM, netns setup); a shutdown should not cut one short lightly. */
    public static final Duration DEFAULT_DRAIN = ServerOptions.DEFAULT.drain();
    /** Threads kept waiting for the next connection. */
    static final int SPARE = 2;
    /** A thread that waited this long for its turn ends, unless it is one of the {@link #SPARE}. */
    static final Duration IDLE = Duration.ofSeconds(10);
    /** A flood is logged once per this period, not once per refused connection. */
    private static final long REFUSAL_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Optional<Object> identity;
    private final CniHandler handler;
    private final ServerOptions options;
    private final Semaphore slots;
    private final Duration idle;
    private final AtomicLong refused = new AtomicLong();
    /** Threads waiting for a connection: the one in {@code accept()} and those waiting for {@link #turn}. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** The turn in {@code accept()}: one thread at a time, the others wait for it with a timeout. */
    private final Semaphore turn = new Semaphore(1);
    private final AtomicInteger names = new AtomicInteger();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_NANOS);
    private volatile boolean closed;

    private CniSocketServer(Path socket, ServerSocketChannel channel, CniHandler handler, ServerOptions options,
                            Duration idle) {
        this.socket = socket;
        this.idle = idle;
        this.channel = channel;
        this.identity = SocketFile.identity(socket);
        this.handler = handler;
        this.options = options;
        this.slots = new Semaphore(options.maxConnections());
    }

    /** Binds {@code socket} (replacing a stale socket file) and starts serving with {@link ServerOptions#DEFAULT}. */
    public static CniSocketServer start(Path socket, CniHandler handler) throws IOException {
        return start(socket, handler, ServerOptions.DEFAULT);
    }

    public static CniSocketServer start(Path socket, CniHandler handler, Duration drain) throws IOException {
        return start(socket, handler, ServerOptions.DEFAULT.withDrain(drain));
    }

    public static CniSocketServer start(Path socket, CniHandler handler, ServerOptions options) throws IOException {
        return start(socket, handler, options, IDLE);
    }

    /** As {@link #start(Path, CniHandler, ServerOptions)}, threads beyond the spare ones ending after {@code idle}. */
    static CniSocketServer start(Path socket, CniHandler handler, ServerOptions options, Duration idle) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        CniSocketServer s = new CniSocketServer(socket, SocketFile.bindPrivately(socket, options.maxConnections()), handler,
                options, idle);
        for (int i = 0; i < SPARE; i++) {
            s.startWorker();
        }
        LOG.log(System.Logger.Level.INFO, "serving CNI on {0}", socket);
        return s;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Starts a worker unless the server is closed or already has a thread for every slot plus one
     * (to refuse the connection over the limit). Under {@link #lifecycle}, so {@link #close} sees every thread.
     */
    private void startWorker() {
        synchronized (lifecycle) {
            if (closed || workers.size() > options.maxConnections()) {
                return;
            }
            Thread t = Thread.ofPlatform().daemon().name("weft-cni-" + names.incrementAndGet()).unstarted(this::work);
            workers.add(t);
            t.start();
        }
    }

    private void work() {
        try {
            while (!closed) {
                SocketChannel ch;
                waiting.incrementAndGet();
                try {
                    if (!turn.tryAcquire(idle.toNanos(), TimeUnit.NANOSECONDS)) {
                        if (waiting.decrementAndGet() >= SPARE) {
                            return; // idle while enough others wait: the extra threads of a burst end
                        }
                        waiting.incrementAndGet();
                        continue;
                    }
                } catch (InterruptedException e) {
                    waiting.decrementAndGet();
                    return; // close() interrupts what is left after its drain
                }
                try {
                    ch = channel.accept();
                } finally {
                    turn.release();
                    waiting.decrementAndGet();
                }
                if (!slots.tryAcquire()) {
                    refuse(ch);
                    continue;
                }
                try {
                    if (waiting.get() == 0) {
                        startWorker(); // this thread took the last turn: someone must wait for the next call
                    }
                    Exchange.serve(ch, handler, options);
                } catch (RuntimeException e) { // Exchange answers every failure it can; this thread goes on
                    LOG.log(System.Logger.Level.ERROR, "CNI connection failed", e);
                } finally {
                    slots.release();
                }
                if (waiting.get() >= SPARE) {
                    return; // enough threads wait already: a burst's extra threads end after it
                }
            }
        } catch (ClosedChannelException e) { // includes AsynchronousCloseException from close()
            // closed: stop
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "accept failed on " + socket, e);
                pause(); // e.g. EMFILE: do not spin
                startWorker(); // in this thread's place
            }
        } finally {
            workers.remove(Thread.currentThread());
        }
    }

    private void refuse(SocketChannel ch) {
        long n = refused.incrementAndGet(); // counted before the client can read the answer
        Exchange.refuse(ch, options.maxConnections());
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= REFUSAL_LOG_NANOS && lastRefusalLog.compareAndSet(last, now)) { // one thread logs
            LOG.log(System.Logger.Level.WARNING, "{0} CNI connections in progress (the limit): refused {1} so far",
                    options.maxConnections(), n);
        }
    }

    /** The server's threads now: those waiting for a connection and those serving one. */
    int threads() {
        return workers.size();
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
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + socket, e);
        }
        SocketFile.deleteIfSame(socket, identity);
        boolean interrupted = false;
        long end = System.nanoTime() + options.drain().toNanos();
        try {
            for (Thread t : List.copyOf(workers)) {
                long left = end - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (!workers.isEmpty()) {
            if (!interrupted) {
                LOG.log(System.Logger.Level.WARNING, "CNI calls still running after {0}; interrupting them", options.drain());
            }
            workers.forEach(Thread::interrupt); // interrupting a blocked channel read closes the connection
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "stopped serving CNI on {0}", socket);
    }
}
