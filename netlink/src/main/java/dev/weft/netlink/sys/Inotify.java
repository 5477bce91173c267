package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle INIT1 = bind("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_WATCH = bind("inotify_add_watch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

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
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    /** struct inotify_event: wd, mask, cookie, len, then len bytes of name. */
    private static final int HEADER = 16;

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(64 * 1024, 8);
    private final MemorySegment capture = arena.allocate(CAPTURE);
    private boolean broken;
    private boolean closed;

    private Inotify(int fd) {
        this.fd = fd;
    }

    /** Watches the entries of {@code dir}, which must exist and be a directory. */
    public static Inotify watch(Path dir) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            fd = (int) INIT1.invokeExact(state, IN_NONBLOCK | IN_CLOEXEC);
            if (fd < 0) {
                throw new SyscallException("inotify_init1", (int) ERRNO.get(state, 0L));
            }
            int wd = (int) ADD_WATCH.invokeExact(state, fd, a.allocateFrom(dir.toString()), ENTRY_CHANGES | IN_ONLYDIR);
            if (wd < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new SyscallException("inotify_add_watch " + dir, errno);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return new Inotify(fd);
    }

    /**
     * Reads every queued event; true when there was any (or the watch is {@link #broken}). Not
     * thread-safe: call it under the lock that orders the directory's writers.
     */
    public boolean drain() {
        boolean any = broken;
        try {
            while (true) {
                long n = (long) READ.invokeExact(capture, fd, buffer, buffer.byteSize());
                if (n < 0) {
                    int errno = (int) ERRNO.get(capture, 0L);
                    if (errno == EINTR) {
                        continue;
                    }
                    if (errno == EAGAIN) {
                        return any;
                    }
                    throw new SyscallException("read inotify", errno);
                }
                for (long off = 0; off + HEADER <= n; off += HEADER + Integer.toUnsignedLong(buffer.get(JAVA_INT, off + 12))) {
                    any = true;
                    if ((buffer.get(JAVA_INT, off + 4) & GONE) != 0) {
                        broken = true;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
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
            try {
                int ignored = (int) CLOSE.invokeExact(capture, fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                arena.close();
            }
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"));
    }
}
