package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Plain file-descriptor I/O for packet loops: read(2), write(2), readv(2), writev(2), poll(2),
 * eventfd(2), close(2). The raw methods take the calling thread's {@link ErrnoSlot} and return
 * the result, or minus errno on failure: no exception and no allocation per call, so a loop can
 * meet EAGAIN millions of times a second. Buffers must be native segments.
 */
public final class FdIo {
    /** read(2): {@code ssize_t read(int fd, void *buf, size_t count)}. */
    private static final MethodHandle READ = Downcalls.bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** write(2): {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    private static final MethodHandle WRITE = Downcalls.bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** readv(2): {@code ssize_t readv(int fd, const struct iovec *iov, int iovcnt)}. */
    private static final MethodHandle READV = Downcalls.bind("readv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** writev(2): {@code ssize_t writev(int fd, const struct iovec *iov, int iovcnt)}. */
    private static final MethodHandle WRITEV = Downcalls.bind("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** poll(2): {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
    private static final MethodHandle POLL = Downcalls.bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** eventfd(2): {@code int eventfd(unsigned int initval, int flags)}. */
    private static final MethodHandle EVENTFD = Downcalls.bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** close(2): {@code int close(int fd)}. */
    private static final MethodHandle CLOSE = Downcalls.bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    /** struct pollfd {int fd; short events; short revents;}. */
    public static final int POLLFD_SIZE = 8;
    /** struct iovec {void *iov_base; size_t iov_len;}. */
    public static final int IOVEC_SIZE = 16;

    private FdIo() {
    }

    /** read(2) of up to {@code len} bytes into {@code buf}; the count or -errno. */
    public static long read(MemorySegment slot, int fd, MemorySegment buf, long len) {
        try {
            return ErrnoSlot.result((long) READ.invokeExact(slot, fd, buf, len), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** write(2) of {@code len} bytes of {@code buf}; the count or -errno. */
    public static long write(MemorySegment slot, int fd, MemorySegment buf, long len) {
        try {
            return ErrnoSlot.result((long) WRITE.invokeExact(slot, fd, buf, len), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** readv(2) into {@code count} iovecs at {@code iov}; the count or -errno. */
    public static long readv(MemorySegment slot, int fd, MemorySegment iov, int count) {
        try {
            return ErrnoSlot.result((long) READV.invokeExact(slot, fd, iov, count), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** writev(2) of {@code count} iovecs at {@code iov}; the count or -errno. */
    public static long writev(MemorySegment slot, int fd, MemorySegment iov, int count) {
        try {
            return ErrnoSlot.result((long) WRITEV.invokeExact(slot, fd, iov, count), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** poll(2) over {@code n} pollfds at {@code fds}; ready count, 0 on timeout, or -errno. */
    public static int poll(MemorySegment slot, MemorySegment fds, int n, int timeoutMillis) {
        try {
            return (int) ErrnoSlot.result((int) POLL.invokeExact(slot, fds, (long) n, timeoutMillis), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** close(2); 0 or -errno. */
    public static int close(MemorySegment slot, int fd) {
        try {
            return (int) ErrnoSlot.result((int) CLOSE.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** eventfd(2) with {@code flags} ({@link #EFD_NONBLOCK}, {@link #EFD_CLOEXEC}); the fd. */
    public static int eventfd(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            int fd = (int) EVENTFD.invokeExact(slot, 0, flags);
            if (fd < 0) {
                throw new SyscallException("eventfd", ErrnoSlot.errno(slot));
            }
            return fd;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** Adds 1 to the eventfd's counter, waking every poll(2) on it; for shutdown, not a hot path. */
    public static void signal(int eventFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long rc = write(ErrnoSlot.allocate(a), eventFd, one, 8);
            if (rc < 0 && rc != -Errno.EAGAIN) {
                throw new SyscallException("write eventfd", (int) -rc);
            }
        }
    }

    /** Sets pollfd {@code i} of the array at {@code fds}. */
    public static void setPollFd(MemorySegment fds, int i, int fd, short events) {
        fds.set(JAVA_INT, (long) i * POLLFD_SIZE, fd);
        fds.set(java.lang.foreign.ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + 4, events);
        fds.set(java.lang.foreign.ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + 6, (short) 0);
    }

    /** The revents poll(2) returned for pollfd {@code i}. */
    public static short revents(MemorySegment fds, int i) {
        return fds.get(java.lang.foreign.ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + 6);
    }

    /** Sets iovec {@code i} of the array at {@code iov} to {@code len} bytes at {@code base + offset}. */
    public static void setIovec(MemorySegment iov, int i, MemorySegment base, long offset, long len) {
        iov.set(JAVA_LONG, (long) i * IOVEC_SIZE, base.address() + offset);
        iov.set(JAVA_LONG, (long) i * IOVEC_SIZE + 8, len);
    }
}
