package dev.weft.store.embedded;

import dev.weft.store.StoreException;
import dev.weft.store.WatchEvent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The watches of one store handle, served by one thread that polls the file every 100 ms. A poll is
 * one {@code stat} while the file is unchanged ({@link FileStamp}); the file is read (once for all
 * the watches) only when it changed, when a watch was just added, or when a lease it holds fell due,
 * so that the read expires it. The thread exists while there are watches.
 *
 * <p>Listeners are called on that thread, one event at a time, in revision order; the store's
 * callers only wake their loops there. A listener that throws is logged and does not stop the
 * others; a read that fails is logged and tried again at the next poll.
 */
final class WatchPoller {
    /** What one read gave: the events after a revision, and when the next lease falls due. */
    record Poll(List<WatchEvent> events, long due) {
    }

    private static final System.Logger LOG = System.getLogger(WatchPoller.class.getName());
    private static final long PERIOD_MS = 100;

    private final Path file;
    private final Clock clock;
    private final LongFunction<Poll> read;
    private final List<Watch> watches = new ArrayList<>(); // guarded by this
    private Thread thread; // guarded by this
    private boolean added; // guarded by this: a watch waits for its first read

    WatchPoller(Path file, Clock clock, LongFunction<Poll> read) {
        this.file = file;
        this.clock = clock;
        this.read = read;
    }

    AutoCloseable add(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        Watch w = new Watch(prefix, afterRevision, listener);
        synchronized (this) {
            watches.add(w);
            added = true;
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("weft-store-watch").start(this::run);
            }
        }
        return w;
    }

    private void run() {
        FileStamp seen = null;
        long due = Long.MAX_VALUE;
        while (true) {
            List<Watch> current;
            boolean fresh;
            synchronized (this) {
                if (watches.isEmpty() || Thread.currentThread().isInterrupted()) {
                    thread = null;
                    return;
                }
                current = List.copyOf(watches);
                fresh = added;
                added = false;
            }
            try {
                FileStamp now = FileStamp.of(file);
                if (fresh || !now.equals(seen) || clock.millis() >= due) {
                    seen = now; // taken before the read: a change during it is read again next time
                    Poll poll = read.apply(current.stream().mapToLong(w -> w.last).min().orElseThrow());
                    due = poll.due();
                    current.forEach(w -> w.deliver(poll.events()));
                }
            } catch (StoreException e) {
                seen = null;
                LOG.log(System.Logger.Level.WARNING, "datastore watch: " + e.getMessage() + " (trying again)");
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void remove(Watch w) {
        watches.remove(w);
    }

    /** One watch: its prefix, the last revision delivered, and its listener. */
    private final class Watch implements AutoCloseable {
        private final String prefix;
        private final Consumer<WatchEvent> listener;
        private final ReentrantLock delivering = new ReentrantLock();
        private volatile long last;
        private boolean open = true; // guarded by delivering

        Watch(String prefix, long after, Consumer<WatchEvent> listener) {
            this.prefix = prefix;
            this.last = after;
            this.listener = listener;
        }

        void deliver(List<WatchEvent> events) {
            delivering.lock();
            try {
                long from = last; // a batch is several events at one revision: deliver them all
                for (WatchEvent e : events) {
                    if (!open) {
                        return;
                    }
                    if (e.revision() <= from || !e.entry().key().startsWith(prefix)) {
                        continue;
                    }
                    try {
                        listener.accept(e);
                    } catch (RuntimeException bug) {
                        LOG.log(System.Logger.Level.ERROR, "datastore watch on " + prefix + ": listener failed", bug);
                    }
                    last = e.revision();
                }
            } finally {
                delivering.unlock();
            }
        }

        /** No listener call is under way or follows once this returns (unless called from the listener). */
        @Override
        public void close() {
            delivering.lock();
            try {
                open = false;
            } finally {
                delivering.unlock();
            }
            remove(this);
        }
    }
}
