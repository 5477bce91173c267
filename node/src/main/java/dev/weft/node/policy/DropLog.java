package dev.weft.node.policy;

import dev.weft.netlink.nflog.Nflog;
import dev.weft.netlink.nflog.NflogRecord;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.compile.LogDrops;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's policy drop log: receives what the pod chains log (an NFLOG group, {@link LogDrops}),
 * resolves each record against the snapshot the enforcer last applied ({@link DropVerdict}), keeps
 * the last {@link #KEEP} in memory and appends them to {@link DropFile}. See the package notes.
 *
 * <p>Two threads: the receiver only decodes and queues, so the kernel's socket is drained even
 * when the disk is slow; the writer resolves and writes. The queue is bounded ({@link #QUEUE}):
 * what does not fit is counted ({@link #overflowed}), never waited for.
 */
public final class DropLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DropLog.class.getName());
    /** Records kept in memory. */
    public static final int KEEP = 200;
    /** Records waiting to be written at most; the nft limit keeps the rate far below. */
    static final int QUEUE = 256;

    /** Where records come from: an {@link Nflog} socket, or a fake in tests. */
    public interface Source extends AutoCloseable {
        /** The next records, or none after a short timeout. */
        List<NflogRecord> receive();

        /** Times the kernel could not queue records for the socket (its buffer overflowed). */
        default long lost() {
            return 0;
        }

        @Override
        void close();
    }

    /** Where resolved records go: {@link DropFile}, or a fake in tests. */
    public interface Sink {
        void append(List<DropRecord> records) throws IOException;
    }

    private record Pending(NflogRecord record, String chain, long timeMillis) {
    }

    private final Source source;
    private final Sink file;
    private final String node;
    private final LogDrops settings;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ArrayDeque<DropRecord> recent = new ArrayDeque<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread receiver;
    private final Thread writer;
    private volatile ClusterSnapshot snapshot = new ClusterSnapshot(List.of(), List.of(), List.of());
    private volatile boolean running = true;

    DropLog(Source source, Sink file, String node, LogDrops settings) {
        this.source = source;
        this.file = file;
        this.node = node;
        this.settings = settings;
        this.receiver = Thread.ofPlatform().daemon().name("weft-drop-log-receive").unstarted(this::receive);
        this.writer = Thread.ofPlatform().daemon().name("weft-drop-log-write").unstarted(this::write);
    }

    /** Starts on {@code source}; records go to {@code file}. */
    static DropLog start(Source source, Sink file, String node, LogDrops settings) {
        DropLog d = new DropLog(source, file, node, settings);
        d.receiver.start();
        d.writer.start();
        return d;
    }

    /**
     * Binds {@code settings}' NFLOG group in this thread's namespace (the node's) and starts; empty,
     * with a warning, when the kernel refuses (no nfnetlink_log, the group held by another process):
     * the enforcer then compiles without log rules, so policy never depends on the log.
     */
    public static Optional<DropLog> open(java.nio.file.Path runDir, String node, LogDrops settings) {
        Nflog nflog;
        try {
            nflog = Nflog.open(settings.group());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "no policy drop log: cannot bind NFLOG group " + settings.group()
                    + " (" + e.getMessage() + "); policy is enforced without logging drops");
            return Optional.empty();
        }
        Source s = new Source() {
            @Override
            public List<NflogRecord> receive() {
                return nflog.receive();
            }

            @Override
            public long lost() {
                return nflog.lost();
            }

            @Override
            public void close() {
                nflog.close();
            }
        };
        return Optional.of(start(s, new DropFile(DropFile.in(runDir), DropFile.DEFAULT_MAX_BYTES), node, settings));
    }

    /** What the enforcer compiles its log rules with. */
    public LogDrops settings() {
        return settings;
    }

    /** The snapshot the enforcer just applied: later records are resolved against it. */
    public void update(ClusterSnapshot applied) {
        snapshot = applied;
    }

    private void receive() {
        while (running) {
            List<NflogRecord> batch;
            try {
                batch = source.receive();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "policy drop log: receive failed", e);
                sleep();
                continue;
            }
            long now = System.currentTimeMillis();
            for (NflogRecord r : batch) {
                Optional<String> chain = LogDrops.chainOf(r.prefix());
                if (chain.isEmpty() || r.group() != settings.group()) {
                    continue; // not one of weft's policy chains
                }
                received.incrementAndGet();
                long t = r.timestamp().map(java.time.Instant::toEpochMilli).orElse(now);
                if (!queue.offer(new Pending(r, chain.get(), t))) {
                    overflowed.incrementAndGet();
                }
            }
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch);
                } else {
                    continue;
                }
            }
            queue.drainTo(batch, 63);
            flush(batch);
            batch.clear();
        }
    }

    private void flush(List<Pending> batch) {
        ClusterSnapshot cluster = snapshot;
        List<DropRecord> records = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            records.add(DropVerdict.resolve(cluster, node, p.chain(), p.record().packet(), p.timeMillis()));
        }
        synchronized (recent) {
            for (DropRecord r : records) {
                if (recent.size() == KEEP) {
                    recent.removeFirst();
                }
                recent.addLast(r);
            }
        }
        try {
            file.append(records);
            written.addAndGet(records.size());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "policy drop log: cannot append to " + file, e);
        }
    }

    /** The last {@link #KEEP} records, oldest first. */
    public List<DropRecord> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Records of weft's chains received. */
    public long received() {
        return received.get();
    }

    /** Records dropped because the queue was full. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Times the kernel lost records before this process saw them (socket buffer full). */
    public long lost() {
        return source.lost();
    }

    /** Records appended to the file. */
    public long written() {
        return written.get();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops receiving, writes what is queued, then closes the socket. */
    @Override
    public void close() {
        running = false;
        try {
            receiver.join(2000); // returns within the socket's receive timeout
            writer.interrupt();
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
