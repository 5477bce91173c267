package dev.weft.netlink.sys;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Runs a program as a container runtime does: one {@code posix_spawn(3)} (glibc uses
 * {@code clone(CLONE_VM|CLONE_VFORK)}, one exec, no helper process), its stdin, stdout and stderr
 * on pipes, then {@code waitpid(2)}. The JVM's {@code ProcessBuilder} execs a helper first
 * ({@code jspawnhelper}), so it costs two execs per process; this costs one. The child inherits
 * the calling thread's namespaces (spawn from a thread inside a network namespace to run the
 * program there).
 */
public final class Spawn {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** glibc's posix_spawn_file_actions_t is 80 bytes on x86-64 and arm64; room to spare. */
    private static final long FILE_ACTIONS_SIZE = 256;

    /** pipe2(2): {@code int pipe2(int fds[2], int flags)}. */
    private static final MethodHandle PIPE2 = bind("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** posix_spawn_file_actions_init(3). */
    private static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** posix_spawn_file_actions_destroy(3). */
    private static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** posix_spawn_file_actions_adddup2(3): {@code (actions, int fd, int newfd)}. */
    private static final MethodHandle FA_DUP2 = plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** posix_spawn(3): {@code int posix_spawn(pid_t *pid, const char *path, actions, attr, char *const argv[], char *const envp[])}. */
    private static final MethodHandle POSIX_SPAWN = plain("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /** waitpid(2): {@code pid_t waitpid(pid_t pid, int *status, int options)}. */
    private static final MethodHandle WAITPID = bind("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** read(2): {@code ssize_t read(int fd, void *buf, size_t n)}. */
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** write(2): {@code ssize_t write(int fd, const void *buf, size_t n)}. */
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** poll(2): {@code int poll(struct pollfd *fds, nfds_t n, int timeout)}. */
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private static final int O_CLOEXEC = 0x80000;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;
    private static final StructLayout POLLFD = MemoryLayout.structLayout(JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private Spawn() {
    }

    /** What a finished program printed and how it ended ({@code exit} is 128 + signal when killed). */
    public record Result(int exit, byte[] stdout, byte[] stderr) {
    }

    /**
     * Runs {@code argv} (argv[0] is the program's path) with exactly {@code env} as its
     * environment and {@code stdin} as its input; returns once it exited.
     */
    public static Result run(List<String> argv, Map<String, String> env, byte[] stdin) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE);
            int[] in = pipe(a, capture);
            int[] out = pipe(a, capture);
            int[] err = pipe(a, capture);
            int pid;
            MemorySegment actions = a.allocate(FILE_ACTIONS_SIZE, 16);
            try {
                checkRc("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
                try {
                    checkRc("posix_spawn_file_actions_adddup2", (int) FA_DUP2.invokeExact(actions, in[0], 0));
                    checkRc("posix_spawn_file_actions_adddup2", (int) FA_DUP2.invokeExact(actions, out[1], 1));
                    checkRc("posix_spawn_file_actions_adddup2", (int) FA_DUP2.invokeExact(actions, err[1], 2));
                    MemorySegment pidOut = a.allocate(JAVA_INT);
                    checkRc("posix_spawn " + argv.getFirst(), (int) POSIX_SPAWN.invokeExact(pidOut,
                            a.allocateFrom(argv.getFirst()), actions, MemorySegment.NULL, strings(a, argv),
                            strings(a, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
                    pid = pidOut.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) FA_DESTROY.invokeExact(actions);
                }
            } catch (Throwable t) {
                closeAll(in[0], in[1], out[0], out[1], err[0], err[1]);
                throw unchecked(t);
            }
            closeAll(in[0], out[1], err[1]);
            try {
                writeAll(a, capture, in[1], stdin);
            } finally {
                closeAll(in[1]);
            }
            byte[][] outputs;
            try {
                outputs = drain(a, capture, out[0], err[0]);
            } finally {
                closeAll(out[0], err[0]);
            }
            return new Result(waitFor(a, capture, pid), outputs[0], outputs[1]);
        }
    }

    private static int[] pipe(Arena a, MemorySegment capture) {
        MemorySegment fds = a.allocate(JAVA_INT, 2);
        try {
            check("pipe2", (int) PIPE2.invokeExact(capture, fds, O_CLOEXEC), capture);
        } catch (Throwable t) {
            throw unchecked(t);
        }
        return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment strings(Arena a, List<String> values) {
        MemorySegment array = a.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, a.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    /** Writes all of {@code data}; a child that exits without reading ends it early (EPIPE is not an error here). */
    private static void writeAll(Arena a, MemorySegment capture, int fd, byte[] data) {
        if (data.length == 0) {
            return;
        }
        MemorySegment buf = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, data);
        long done = 0;
        while (done < data.length) {
            long n;
            try {
                n = (long) WRITE.invokeExact(capture, fd, buf.asSlice(done), data.length - done);
            } catch (Throwable t) {
                throw unchecked(t);
            }
            if (n < 0) {
                if (errno(capture) == EINTR) {
                    continue;
                }
                return; // EPIPE: the program did not want its input; its exit status tells the rest
            }
            done += n;
        }
    }

    /** Reads both pipes until both reach end of file, so neither can fill up and block the program. */
    private static byte[][] drain(Arena a, MemorySegment capture, int outFd, int errFd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MemorySegment fds = a.allocate(POLLFD, 2);
        MemorySegment buf = a.allocate(65536);
        int[] fd = {outFd, errFd};
        ByteArrayOutputStream[] sink = {out, err};
        boolean[] open = {true, true};
        while (open[0] || open[1]) {
            for (int i = 0; i < 2; i++) {
                MemorySegment p = fds.asSlice(i * POLLFD.byteSize(), POLLFD.byteSize());
                p.set(JAVA_INT, 0, open[i] ? fd[i] : -1);
                p.set(JAVA_SHORT, 4, POLLIN);
                p.set(JAVA_SHORT, 6, (short) 0);
            }
            try {
                int r = (int) POLL.invokeExact(capture, fds, 2L, -1);
                if (r < 0 && errno(capture) == EINTR) {
                    continue;
                }
                check("poll", r, capture);
                for (int i = 0; i < 2; i++) {
                    if (!open[i] || fds.get(JAVA_SHORT, i * POLLFD.byteSize() + 6) == 0) {
                        continue;
                    }
                    long n = (long) READ.invokeExact(capture, fd[i], buf, buf.byteSize());
                    if (n < 0 && errno(capture) == EINTR) {
                        continue;
                    }
                    if (n <= 0) {
                        open[i] = false;
                    } else {
                        sink[i].writeBytes(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    }
                }
            } catch (Throwable t) {
                throw unchecked(t);
            }
        }
        return new byte[][] {out.toByteArray(), err.toByteArray()};
    }

    private static int waitFor(Arena a, MemorySegment capture, int pid) {
        MemorySegment status = a.allocate(JAVA_INT);
        while (true) {
            int r;
            try {
                r = (int) WAITPID.invokeExact(capture, pid, status, 0);
            } catch (Throwable t) {
                throw unchecked(t);
            }
            if (r < 0 && errno(capture) == EINTR) {
                continue;
            }
            check("waitpid", r, capture);
            int s = status.get(JAVA_INT, 0);
            int signal = s & 0x7f;
            return signal == 0 ? (s >> 8) & 0xff : 128 + signal;
        }
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            try {
                Libc.close(fd);
            } catch (RuntimeException ignored) {
                // already closed or never opened
            }
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"));
    }

    /** For calls that return their error number instead of setting errno (the posix_spawn family). */
    @SuppressWarnings("restricted")
    private static MethodHandle plain(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd);
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static void check(String call, int rc, MemorySegment capture) {
        if (rc < 0) {
            throw new SyscallException(call, errno(capture));
        }
    }

    private static void checkRc(String call, int rc) {
        if (rc != 0) {
            throw new SyscallException(call, rc);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
