package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * IPv4 datagram sockets through FFM, for protocols that speak before the interface has an address
 * (DHCP): a socket bound to one device ({@code SO_BINDTODEVICE}), broadcast allowed, sendto and
 * recvfrom with {@code struct sockaddr_in}, and poll for a receive with a timeout. One
 * {@code MethodHandle} per C function, errno captured per call; socket, bind and close are
 * {@link Libc}'s. Methods throw {@link SyscallException} on failure.
 */
public final class InetDatagram {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** setsockopt(2) with a buffer: {@code int setsockopt(int fd, int level, int name, const void *val, socklen_t len)}. */
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** sendto(2): {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)}. */
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** recvfrom(2): {@code ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)}. */
    private static final MethodHandle RECVFROM = bind("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    /** poll(2): {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    public static final int SO_REUSEADDR = 2;
    public static final int SO_BROADCAST = 6;
    public static final int SO_BINDTODEVICE = 25;
    public static final int POLLIN = 1;
    /** {@code sizeof(struct sockaddr_in)}. */
    private static final int SOCKADDR_IN = 16;

    private InetDatagram() {
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"));
    }

    /** A UDP socket (close-on-exec); returns the fd. */
    public static int openUdp() {
        return Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
    }

    /** {@code SO_BINDTODEVICE}: the socket sends and receives only through interface {@code ifName}. */
    public static void bindToDevice(int fd, String ifName) {
        byte[] name = ifName.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(CAPTURE);
            MemorySegment v = a.allocate(name.length + 1L);
            MemorySegment.copy(name, 0, v, JAVA_BYTE, 0, name.length);
            check("setsockopt SO_BINDTODEVICE " + ifName,
                    (int) SETSOCKOPT.invokeExact(c, fd, Libc.SOL_SOCKET, SO_BINDTODEVICE, v, (int) v.byteSize()), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** bind(2) to {@code address} (4 bytes, network order; all zero for any) and {@code port}. */
    public static void bind(int fd, byte[] address, int port) {
        try (Arena a = Arena.ofConfined()) {
            Libc.bind(fd, sockaddr(a, address, port));
        }
    }

    /** sendto(2) of all of {@code data} to {@code address}:{@code port}; returns the bytes sent. */
    public static long sendTo(int fd, byte[] data, byte[] address, int port) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
            MemorySegment to = sockaddr(a, address, port);
            return check("sendto", (long) SENDTO.invokeExact(c, fd, buf, (long) data.length, 0, to, SOCKADDR_IN), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code events} on {@code fd}; returns the events that
     * occurred, 0 on timeout. An interrupted wait (EINTR) also returns 0: the caller loops anyway.
     */
    public static int poll(int fd, int events, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(CAPTURE);
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, (short) events);
            int rc = (int) POLL.invokeExact(c, pfd, 1L, timeoutMillis);
            if (rc < 0 && errno(c) == Errno.EINTR) {
                return 0;
            }
            check("poll", rc, c);
            return rc == 0 ? 0 : pfd.get(JAVA_SHORT, 6) & 0xffff;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** A received datagram and the IPv4 address it came from. */
    public record Datagram(byte[] data, byte[] source) {
    }

    /** recvfrom(2) of one datagram of at most {@code maxLength} bytes (blocks unless polled first). */
    public static Datagram receiveFrom(int fd, int maxLength) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(maxLength);
            MemorySegment from = a.allocate(SOCKADDR_IN);
            MemorySegment fromLen = a.allocateFrom(JAVA_INT, SOCKADDR_IN);
            long n = check("recvfrom", (long) RECVFROM.invokeExact(c, fd, buf, (long) maxLength, 0, from, fromLen), c);
            byte[] data = buf.asSlice(0, n).toArray(JAVA_BYTE);
            return new Datagram(data, from.asSlice(4, 4).toArray(JAVA_BYTE));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static MemorySegment sockaddr(Arena a, byte[] address, int port) {
        if (address.length != 4 || port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("sockaddr_in needs a 4-byte address and a port 0-65535");
        }
        MemorySegment s = a.allocate(SOCKADDR_IN, 4);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
        s.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
        MemorySegment.copy(address, 0, s, JAVA_BYTE, 4, 4);
        return s;
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static int check(String call, int rc, MemorySegment capture) {
        if (rc < 0) {
            throw new SyscallException(call, errno(capture));
        }
        return rc;
    }

    private static long check(String call, long rc, MemorySegment capture) {
        if (rc < 0) {
            throw new SyscallException(call, errno(capture));
        }
        return rc;
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
