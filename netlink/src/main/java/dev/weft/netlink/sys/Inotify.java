package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One directory watched with inotify(7), read without blocking: {@link #drain} says whether any
 * entry of the directory was created, deleted, renamed or written since the last drain. Unlike
 * {@link java.nio.file.WatchService}, whose thread delivers events later, the kernel queues an
 * event before the system call that caused it returns, so a drain right after a change sees it
 * and a drain by the next holder of a lock sees every change made under that lock.
 *
 * <p>A watch whose directory was removed or renamed, or whose queue overflowed, reports a change
 * on every drain from then on ({@link #broken}); make a new one.
 */
public final class Inotify implements AutoCloseable {
    private static final MethodHandle INIT1 = Downcalls.bind("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_WATCH = Downcalls.bind("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private static final int IN_NONBLOCK = 0x800;
    private static final int IN_CLOEXEC = 0x80000;
    private static final int IN_MODIFY = 0x2;
    private static final int IN_CLOSE_WRITE = 0x8;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ONLYDIR = 0x1000000;
    private static final int ENTRY_CHANGES = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
            | IN_DELETE_SELF | IN_MOVE_SELF;
    private static final int GONE = IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW | IN_IGNORED;
    /** struct inotify_event: wd, mask, cookie, len, then len bytes of name. */
    private static final int HEADER = 16;

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(64 * 1024, 8);
    private final MemorySegment slot = ErrnoSlot.allocate(arena);
    private boolean broken;
    private boolean closed;

    private Inotify(int fd) {
        this.fd = fd;
    }

    /** Watches the entries of {@code dir}, which must exist and be a directory. */
    public static Inotify watch(Path dir) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            int fd = (int) INIT1.invokeExact(slot, IN_NONBLOCK | IN_CLOEXEC);
            if (fd < 0) {
                throw new SyscallException("inotify_init1", ErrnoSlot.errno(slot));
            }
            int wd = (int) ADD_WATCH.invokeExact(slot, fd, a.allocateFrom(dir.toString()), ENTRY_CHANGES | IN_ONLYDIR);
            if (wd < 0) {
                int errno = ErrnoSlot.errno(slot);
                FdIo.close(slot, fd);
                throw new SyscallException("inotify_add_watch " + dir, errno);
            }
            return new Inotify(fd);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * Reads every queued event; true when there was any (or the watch is {@link #broken}). Not
     * thread-safe: call it under the lock that orders the directory's writers.
     */
    public boolean drain() {
        boolean any = broken;
        while (true) {
            long n = FdIo.read(slot, fd, buffer, buffer.byteSize());
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n == -Errno.EAGAIN) {
                return any;
            }
            if (n < 0) {
                throw new SyscallException("read inotify", (int) -n);
            }
            for (long off = 0; off + HEADER <= n; off += HEADER + Integer.toUnsignedLong(buffer.get(JAVA_INT, off + 12))) {
                any = true;
                if ((buffer.get(JAVA_INT, off + 4) & GONE) != 0) {
                    broken = true;
                }
            }
        }
    }

    /** Whether the directory went away or events were lost: every drain reports a change. */
    public boolean broken() {
        return broken;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            FdIo.close(slot, fd);
            arena.close();
        }
    }
}
