package dev.weft.store.embedded;

import dev.weft.io.AtomicFile;
import dev.weft.lock.FileMutex;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.Guard;
import dev.weft.store.StoreException;
import dev.weft.store.WatchEvent;

import dev.weft.store.Write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Datastore} in one file shared by the processes of a machine. A file that does not decode
 * exactly is an error and is never written over; before each change the state it replaces is kept
 * as {@code FILE.bak}. A file that does not exist is a new, empty store.
 */
public final class EmbeddedDatastore implements Datastore {
    private final Path file;
    private final Path backup;
    private final FileMutex mutex;
    private final Clock clock;
    private final AtomicLong reads = new AtomicLong();
    private final WatchPoller watches;

    public EmbeddedDatastore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.backup = this.file.resolveSibling(this.file.getFileName() + ".bak");
        this.mutex = new FileMutex(this.file.resolveSibling(this.file.getFileName() + ".lock"));
        this.clock = clock;
        this.watches = new WatchPoller(this.file, clock, after -> transact(s -> new WatchPoller.Poll(
                s.events.stream().filter(e -> e.revision() > after).toList(), s.nextDeadline()), false));
    }

    public EmbeddedDatastore(Path file) {
        this(file, Clock.systemUTC());
    }

    private State read() {
        reads.incrementAndGet();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State();
        } catch (IOException e) {
            throw new StoreException("cannot read datastore " + file + ": " + e.getMessage(), e);
        }
        try {
            return StateCodec.decode(bytes);
        } catch (StateFormatException e) {
            throw new StoreException("datastore " + file + " is damaged: " + e.getMessage() + ". Nothing was changed. "
                    + recovery(), e);
        }
    }

    /** How many times this handle read the file (for tests of the watches' cost). */
    long reads() {
        return reads.get();
    }

    private String recovery() {
        return Files.exists(backup)
                ? "The state before its last change is in " + backup + " (JSON): check it, then copy it over " + file
                        + " to recover, or move " + file + " away to start an empty store."
                : "There is no backup (" + backup + "); move " + file + " away to start an empty store.";
    }

    /** Keeps the current file (read and decoded just now, so good) as the backup, then replaces it. */
    private void write(State s) {
        try {
            keepBackup();
            s.trimEvents();
            AtomicFile.write(file, StateCodec.encode(s));
        } catch (IOException e) {
            throw new StoreException("cannot write datastore " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A hard link to the file's current inode, renamed over the backup: atomic and without a copy,
     * since {@link AtomicFile} replaces the file by a new inode and never modifies the old one.
     */
    private void keepBackup() throws IOException {
        if (!Files.exists(file)) {
            return; // the first write of a new store
        }
        Path tmp = backup.resolveSibling("." + backup.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId());
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, file);
        } catch (UnsupportedOperationException | IOException noLinks) {
            Files.copy(file, tmp, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.move(tmp, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
    public long commit(List<Write> writes) {
        List<Write> batch = Write.checked(writes);
        return transact(s -> apply(s, batch), !batch.isEmpty());
    }

    @Override
    public Optional<Long> commitIf(List<Guard> guards, List<Write> writes) {
        List<Write> batch = Guard.checked(guards, writes);
        return transact(s -> guards.stream().allMatch(g -> g.holds(s.entries.get(g.key())))
                ? Optional.of(apply(s, batch)) : Optional.<Long>empty(), !batch.isEmpty());
    }

    /** Applies a batch at one new revision (none when it changes nothing); the store's revision after. */
    private static long apply(State s, List<Write> batch) {
        long rev = 0;
        for (Write w : batch) {
            Entry cur = s.entries.get(w.key());
            if (w instanceof Write.Put p) {
                rev = rev == 0 ? s.bump() : rev;
                Entry e = new Entry(p.key(), p.value(), cur == null ? rev : cur.createRevision(), rev, 0);
                s.entries.put(p.key(), e);
                s.record(new WatchEvent(WatchEvent.Type.PUT, e, rev));
            } else if (cur != null) {
                rev = rev == 0 ? s.bump() : rev;
                s.entries.remove(w.key());
                s.record(new WatchEvent(WatchEvent.Type.DELETE, cur, rev));
            }
        }
        return s.revision;
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
        return watches.add(prefix, afterRevision, listener);
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
