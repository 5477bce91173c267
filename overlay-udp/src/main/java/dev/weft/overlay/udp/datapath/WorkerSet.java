package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.FdIo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * A {@link Datapath} made of one {@link Worker} per TUN queue, each on its own named platform
 * thread (packet threads block in poll(2) and pin their carrier anyway, so virtual threads would
 * buy nothing). Stopping sets a flag and signals an eventfd every worker polls.
 */
final class WorkerSet implements Datapath {
    private static final System.Logger LOG = System.getLogger(WorkerSet.class.getName());

    private final DatapathKind kind;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int stopFd;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    WorkerSet(DatapathKind kind, DatapathSetup setup, BiFunction<Integer, WorkerSet, Worker> factory) {
        this.kind = kind;
        this.stopFd = FdIo.eventfd(FdIo.EFD_NONBLOCK | FdIo.EFD_CLOEXEC);
        for (int q = 0; q < setup.tun().queues(); q++) {
            Worker w = factory.apply(q, this);
            workers.add(w);
            threads.add(Thread.ofPlatform().daemon().name("udp-" + kind + "-" + q).unstarted(w));
        }
    }

    WorkerSet start() {
        threads.forEach(Thread::start);
        return this;
    }

    int stopFd() {
        return stopFd;
    }

    boolean stopping() {
        return stopping;
    }

    void failed(Worker w, Throwable t) {
        if (stopping) {
            return;
        }
        failure.compareAndSet(null, t);
        LOG.log(System.Logger.Level.ERROR, "udp " + kind + " queue " + w.queue + " died", t);
    }

    @Override
    public DatapathKind kind() {
        return kind;
    }

    @Override
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    @Override
    public CounterSnapshot counters() {
        return CounterSnapshot.sum(workers.stream().map(w -> w.counters).toList());
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        stopping = true;
        FdIo.signal(stopFd);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try (var a = java.lang.foreign.Arena.ofConfined()) {
            FdIo.close(dev.weft.netlink.sys.ErrnoSlot.allocate(a), stopFd);
        }
    }
}
