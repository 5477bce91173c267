package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libc system calls through FFM. Every method returns the raw result on success and throws
 * {@link SyscallException} with the captured errno on failure.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** socket(2): {@code int socket(int domain, int type, int protocol)}. */
    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** bind(2): {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** setsockopt(2): {@code int setsockopt(int fd, int level, int name, const void *val, socklen_t len)}. */
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** sendto(2): {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)}. */
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** recv(2): {@code ssize_t recv(int fd, void *buf, size_t len, int flags)}. */
    private static final MethodHandle RECV = bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** close(2): {@code int close(int fd)}. */
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** open(2) without a mode: {@code int open(const char *path, int flags)}. */
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** setns(2): {@code int setns(int fd, int nstype)}. */
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** unshare(2): {@code int unshare(int flags)}. */
    private static final MethodHandle UNSHARE = bind("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** mount(2): {@code int mount(const char *src, const char *target, const char *fstype, unsigned long flags, const void *data)}. */
    private static final MethodHandle MOUNT = bind("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    /** umount2(2): {@code int umount2(const char *target, int flags)}. */
    /** ioctl(2) with one pointer argument: {@code int ioctl(int fd, unsigned long request, void *arg)}. */
    private static final MethodHandle IOCTL = bindVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    private static final MethodHandle UMOUNT2 = bind("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** Constants from the kernel's and glibc's headers (x86-64 and arm64 agree on these). */
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_NETLINK = 270;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;

    private Libc() {
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"));
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bindVariadic(String name, FunctionDescriptor fd, int firstVariadic) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static MemorySegment capture(Arena a) {
        return a.allocate(CAPTURE);
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

    /** socket(2); returns the new fd. */
    public static int socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            return check("socket", (int) SOCKET.invokeExact(c, domain, type, protocol), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** bind(2) to the sockaddr in {@code sockaddr}. */
    public static void bind(int fd, MemorySegment sockaddr) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            check("bind", (int) BIND.invokeExact(c, fd, sockaddr, (int) sockaddr.byteSize()), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVTIMEO = 20;

    /** setsockopt with a {@code struct timeval} of {@code millis}. */
    public static void setsockoptTimeval(int fd, int level, int name, int millis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            MemorySegment tv = a.allocate(16);
            tv.set(JAVA_LONG, 0, millis / 1000);
            tv.set(JAVA_LONG, 8, (millis % 1000) * 1000L);
            check("setsockopt", (int) SETSOCKOPT.invokeExact(c, fd, level, name, tv, 16), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** setsockopt(2) with an {@code int} value. */
    public static void setsockoptInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            MemorySegment v = a.allocateFrom(JAVA_INT, value);
            check("setsockopt", (int) SETSOCKOPT.invokeExact(c, fd, level, name, v, 4), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Sends {@code len} bytes of {@code buf} to the kernel (netlink address 0). */
    public static long sendToKernel(int fd, MemorySegment buf, long len, MemorySegment kernelAddr) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            return check("sendto", (long) SENDTO.invokeExact(c, fd, buf, len, 0, kernelAddr,
                    (int) kernelAddr.byteSize()), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** recv(2) into all of {@code buf}; returns the byte count. */
    public static long recv(int fd, MemorySegment buf, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            return check("recv", (long) RECV.invokeExact(c, fd, buf, buf.byteSize(), flags), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** ioctl(2) with a pointer argument; returns the result. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            return check("ioctl", (int) IOCTL.invokeExact(c, fd, request, arg), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** close(2). */
    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            check("close", (int) CLOSE.invokeExact(c, fd), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** open(2) of {@code path}; returns the fd. */
    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            return check("open " + path, (int) OPEN.invokeExact(c, a.allocateFrom(path), flags), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** setns(2): moves the <em>calling thread</em> into the namespace open at {@code fd}. */
    public static void setns(int fd, int nstype) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            check("setns", (int) SETNS.invokeExact(c, fd, nstype), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** unshare(2): gives the <em>calling thread</em> new namespaces of {@code flags}. */
    public static void unshare(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            check("unshare", (int) UNSHARE.invokeExact(c, flags), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** mount(2); {@code null} strings are passed as NULL. */
    public static void mount(String source, String target, String fstype, long flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            check("mount " + target, (int) MOUNT.invokeExact(c, str(a, source), a.allocateFrom(target),
                    str(a, fstype), flags, MemorySegment.NULL), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** umount2(2). */
    public static void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = capture(a);
            check("umount2 " + target, (int) UMOUNT2.invokeExact(c, a.allocateFrom(target), flags), c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static MemorySegment str(Arena a, String s) {
        return s == null ? MemorySegment.NULL : a.allocateFrom(s);
    }

}
