package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * UDP sockets for packet loops: socket/bind/setsockopt/getsockopt for setup (throwing
 * {@link SyscallException}), and the per-packet calls sendto(2), recvfrom(2), sendmsg(2),
 * recvmsg(2), sendmmsg(2), recvmmsg(2), which take the calling thread's {@link ErrnoSlot} and
 * return the result or minus errno, never throwing or allocating. Structures are laid out by
 * {@link MsgHdr} and {@link SockaddrIn}.
 */
public final class Datagram {
    /** socket(2): {@code int socket(int domain, int type, int protocol)}. */
    private static final MethodHandle SOCKET = Downcalls.bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** bind(2): {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
    private static final MethodHandle BIND = Downcalls.bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** setsockopt(2): {@code int setsockopt(int fd, int level, int name, const void *val, socklen_t len)}. */
    private static final MethodHandle SETSOCKOPT = Downcalls.bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** getsockopt(2): {@code int getsockopt(int fd, int level, int name, void *val, socklen_t *len)}. */
    private static final MethodHandle GETSOCKOPT = Downcalls.bind("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    /** sendto(2): {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)}. */
    private static final MethodHandle SENDTO = Downcalls.bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** recvfrom(2): {@code ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)}. */
    private static final MethodHandle RECVFROM = Downcalls.bind("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    /** sendmsg(2): {@code ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)}. */
    private static final MethodHandle SENDMSG = Downcalls.bind("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** recvmsg(2): {@code ssize_t recvmsg(int fd, struct msghdr *msg, int flags)}. */
    private static final MethodHandle RECVMSG = Downcalls.bind("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** sendmmsg(2): {@code int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags)}. */
    private static final MethodHandle SENDMMSG = Downcalls.exists("sendmmsg")
            ? Downcalls.bind("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)) : null;
    /** recvmmsg(2): {@code int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout)}. */
    private static final MethodHandle RECVMMSG = Downcalls.exists("recvmmsg")
            ? Downcalls.bind("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)) : null;

    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_UDP = 17;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SOL_IP = 0;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IP_PMTUDISC_DONT = 0;
    public static final int SOL_UDP = 17;
    /** UDP GSO: the segment size of a send (linux/udp.h, 4.18). */
    public static final int UDP_SEGMENT = 103;
    /** UDP GRO: receive coalesced datagrams with their segment size (linux/udp.h, 5.0). */
    public static final int UDP_GRO = 104;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_CTRUNC = 0x8;

    private Datagram() {
    }

    /** Whether libc has sendmmsg(2) and recvmmsg(2). */
    public static boolean hasMmsg() {
        return SENDMMSG != null && RECVMMSG != null;
    }

    /** socket(2); the fd. */
    public static int socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            return (int) check("socket", (int) SOCKET.invokeExact(slot, domain, type, protocol), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** bind(2) to IPv4 {@code address} (network order as an int, 0: any) and {@code port}. */
    public static void bind(int fd, int address, int port) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            MemorySegment sa = a.allocate(SockaddrIn.SIZE, 8);
            SockaddrIn.set(sa, 0, address, port);
            check("bind " + SockaddrIn.format(address, port), (int) BIND.invokeExact(slot, fd, sa, SockaddrIn.SIZE), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** setsockopt(2) with an {@code int} value. */
    public static void setInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            MemorySegment v = a.allocateFrom(JAVA_INT, value);
            check("setsockopt " + level + "/" + name, (int) SETSOCKOPT.invokeExact(slot, fd, level, name, v, 4), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** getsockopt(2) of an {@code int} value. */
    public static int getInt(int fd, int level, int name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            MemorySegment v = a.allocate(JAVA_INT);
            MemorySegment len = a.allocateFrom(JAVA_INT, 4);
            check("getsockopt " + level + "/" + name, (int) GETSOCKOPT.invokeExact(slot, fd, level, name, v, len), slot);
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** sendto(2) of {@code len} bytes to the sockaddr_in at {@code to}; the count or -errno. */
    public static long sendto(MemorySegment slot, int fd, MemorySegment buf, long len, int flags, MemorySegment to) {
        try {
            return ErrnoSlot.result((long) SENDTO.invokeExact(slot, fd, buf, len, flags, to, SockaddrIn.SIZE), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * recvfrom(2) of up to {@code len} bytes; the sender lands in {@code from} (a sockaddr_in) and
     * {@code fromLen} (an int holding the size before the call). The count or -errno.
     */
    public static long recvfrom(MemorySegment slot, int fd, MemorySegment buf, long len, int flags,
                                MemorySegment from, MemorySegment fromLen) {
        try {
            return ErrnoSlot.result((long) RECVFROM.invokeExact(slot, fd, buf, len, flags, from, fromLen), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** sendmsg(2) of the msghdr at {@code msg}; the count or -errno. */
    public static long sendmsg(MemorySegment slot, int fd, MemorySegment msg, int flags) {
        try {
            return ErrnoSlot.result((long) SENDMSG.invokeExact(slot, fd, msg, flags), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** recvmsg(2) into the msghdr at {@code msg}; the count or -errno. */
    public static long recvmsg(MemorySegment slot, int fd, MemorySegment msg, int flags) {
        try {
            return ErrnoSlot.result((long) RECVMSG.invokeExact(slot, fd, msg, flags), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** sendmmsg(2) of {@code n} mmsghdrs at {@code vec}; how many were sent, or -errno. */
    public static int sendmmsg(MemorySegment slot, int fd, MemorySegment vec, int n, int flags) {
        try {
            return (int) ErrnoSlot.result((int) SENDMMSG.invokeExact(slot, fd, vec, n, flags), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** recvmmsg(2) into up to {@code n} mmsghdrs at {@code vec}, no timeout; how many, or -errno. */
    public static int recvmmsg(MemorySegment slot, int fd, MemorySegment vec, int n, int flags) {
        try {
            return (int) ErrnoSlot.result((int) RECVMMSG.invokeExact(slot, fd, vec, n, flags, MemorySegment.NULL), slot);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    private static long check(String call, long rc, MemorySegment slot) {
        if (rc < 0) {
            throw new SyscallException(call, ErrnoSlot.errno(slot));
        }
        return rc;
    }
}
