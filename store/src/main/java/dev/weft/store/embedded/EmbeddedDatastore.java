package dev.weft.store.embedded;

import dev.weft.io.AtomicFile;
import dev.weft.lock.FileMutex;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.StoreException;
import dev.weft.store.WatchEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** {@link Datastore} in one file shared by the processes of a machine. */
public final class EmbeddedDatastore implements Datastore {
    private final Path file;
    private final FileMutex mutex;
    private final Clock clock;

    public EmbeddedDatastore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.mutex = new FileMutex(this.file.resolveSibling(this.file.getFileName() + ".lock"));
        this.clock = clock;
    }

    public EmbeddedDatastore(Path file) {
        this(file, Clock.systemUTC());
    }

    private State read() {
        try {
            return State.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new State();
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot read datastore " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(State s) {
        try {
            AtomicFile.write(file, s.serialize());
        } catch (IOException e) {
            throw new StoreException("cannot write datastore " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code op} on the current state under the lock, expiring leases first; saves when changed. */
    private <T> T transact(Function<State, T> op, boolean mutates) {
        return mutex.locked(() -> {
            State s = read();
            boolean expired = s.expire(clock.millis());
            T result = op.apply(s);
            if (expired || mutates) {
                write(s);
            }
            return result;
        });
    }

    @Override
    public Optional<Entry> get(String key) {
        return transact(s -> Optional.ofNullable(s.entries.get(key)), false);
    }

    @Override
    public List<Entry> list(String prefix) {
        return transact(s -> List.copyOf(s.entries.subMap(prefix, prefix + Character.MAX_VALUE).values()), false);
    }

    @Override
    public Optional<Long> put(String key, byte[] value, long expectedModRevision, long lease) {
        return transact(s -> {
            Entry cur = s.entries.get(key);
            if (!matches(cur, expectedModRevision)) {
                return Optional.<Long>empty();
            }
            if (lease != 0 && !s.leases.containsKey(lease)) {
                throw new StoreException("lease " + lease + " not found (expired?)");
            }
            long rev = s.bump();
            Entry e = new Entry(key, value.clone(), cur == null ? rev : cur.createRevision(), rev, lease);
            s.entries.put(key, e);
            s.record(new WatchEvent(WatchEvent.Type.PUT, e, rev));
            return Optional.of(rev);
        }, true);
    }

    private static boolean matches(Entry cur, long expected) {
        if (expected == ANY) {
            return true;
        }
        if (expected == ABSENT) {
            return cur == null;
        }
        return cur != null && cur.modRevision() == expected;
    }

    @Override
    public boolean delete(String key, long expectedModRevision) {
        return transact(s -> {
            Entry cur = s.entries.get(key);
            if (cur == null || !matches(cur, expectedModRevision)) {
                return false;
            }
            s.entries.remove(key);
            s.record(new WatchEvent(WatchEvent.Type.DELETE, cur, s.bump()));
            return true;
        }, true);
    }

    @Override
    public long grantLease(Duration ttl) {
        return transact(s -> {
            long id = s.nextLease++;
            s.leases.put(id, new long[] {ttl.toMillis(), clock.millis() + ttl.toMillis()});
            return id;
        }, true);
    }

    @Override
    public boolean renewLease(long lease) {
        return transact(s -> {
            long[] l = s.leases.get(lease);
            if (l == null) {
                return false;
            }
            l[1] = clock.millis() + l[0];
            return true;
        }, true);
    }

    @Override
    public void revokeLease(long lease) {
        transact(s -> {
            s.dropLease(lease);
            return null;
        }, true);
    }

    @Override
    public long revision() {
        return transact(s -> s.revision, false);
    }

    @Override
    public AutoCloseable watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        long oldest = transact(s -> s.oldestEvent, false);
        if (afterRevision + 1 < oldest) {
            throw new StoreException.Compacted(afterRevision + 1, oldest);
        }
        Poller p = new Poller(prefix, afterRevision, listener);
        p.thread.start();
        return p;
    }

    /** Polls the file for events after the last one delivered. */
    private final class Poller implements AutoCloseable {
        private final Thread thread;
        private volatile boolean open = true;
        private long last;

        Poller(String prefix, long after, Consumer<WatchEvent> listener) {
            this.last = after;
            this.thread = Thread.ofPlatform().daemon().name("weft-store-watch").unstarted(() -> {
                while (open) {
                    List<WatchEvent> fresh = transact(s -> s.events.stream()
                            .filter(e -> e.revision() > last && e.entry().key().startsWith(prefix)).toList(), false);
                    for (WatchEvent e : fresh) {
                        if (!open) {
                            return;
                        }
                        listener.accept(e);
                        last = e.revision();
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            open = false;
            thread.interrupt();
            thread.join(2000);
        }
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
