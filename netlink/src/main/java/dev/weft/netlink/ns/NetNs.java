package dev.weft.netlink.ns;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** An open network namespace (a file descriptor on its nsfs file). */
public final class NetNs implements AutoCloseable {
    /** Where named namespaces are bind-mounted, as with iproute2. */
    public static final Path RUN_NETNS = Path.of("/run/netns");

    private final int fd;
    private final String path;
    private boolean closed;

    private NetNs(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** Opens the namespace at {@code path}; a missing path is a {@link NetlinkException.NotFoundException}. */
    public static NetNs open(String path) {
        try {
            return new NetNs(Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC), path);
        } catch (SyscallException e) {
            throw NetlinkException.of(e);
        }
    }

    /** The namespace of this process's main thread. */
    public static NetNs current() {
        return open("/proc/" + ProcessHandle.current().pid() + "/ns/net");
    }

    /** The namespace of process {@code pid} (e.g. a container's init). */
    public static NetNs ofPid(long pid) {
        return open("/proc/" + pid + "/ns/net");
    }

    /** The namespace {@code /run/netns/NAME} (as made by {@link #create} or {@code ip netns add}). */
    public static NetNs named(String name) {
        return open(RUN_NETNS.resolve(name).toString());
    }

    /** The open namespace file descriptor (for IFLA_NET_NS_FD and setns). */
    public synchronized int fd() {
        if (closed) {
            throw new IllegalStateException("namespace " + path + " is closed");
        }
        return fd;
    }

    /** Whether the calling thread's namespace is this one (compared by the nsfs inode). */
    private boolean callerIsInside() {
        try {
            String mine = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd())).toString();
            return mine.equals(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        } catch (IOException | RuntimeException e) {
            return false; // unknown: take the safe way
        }
    }

    /** The path it was opened from. */
    public String path() {
        return path;
    }

    /**
     * Runs {@code task} inside this namespace and returns its value. When the calling thread
     * already is in this namespace (the host side of a plugin, mostly), the task runs right here;
     * otherwise on a worker thread that enters the namespace for the task and leaves it afterwards
     * (see {@link NsWorkers}), so the caller's own thread never changes namespace.
     */
    public <T> T run(Callable<T> task) {
        if (!callerIsInside()) {
            return NsWorkers.call(fd(), task);
        }
        try {
            return task.call();
        } catch (Exception e) {
            throw NsWorkers.unchecked(e);
        }
    }

    /**
     * As {@link #run}, without waiting: the task starts at once (right here when the calling
     * thread is inside, else on a worker) and its value comes in the future; {@link #await} it.
     * Keep this handle open until the future is done.
     */
    public <T> java.util.concurrent.CompletableFuture<T> start(Callable<T> task) {
        if (!callerIsInside()) {
            return NsWorkers.submit(fd(), task);
        }
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(task.call());
        } catch (Exception e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** The value of a task {@link #start}ed here, its failure thrown as {@link #run} throws it. */
    public static <T> T await(java.util.concurrent.CompletableFuture<T> started) {
        return NsWorkers.await(started);
    }

    /**
     * The file of a sysctl key: {@code net.ipv4.ip_forward} or {@code net/ipv4/ip_forward}; use the
     * slash form when a segment has dots (an interface name like {@code eth0.100}). Only keys under
     * {@code net} are namespaced, so only those are accepted.
     */
    static Path sysctlPath(String key) {
        String rel = key.contains("/") ? key : key.replace('.', '/');
        if (!rel.startsWith("net/") || rel.contains("..") || rel.contains("//") || rel.endsWith("/")) {
            throw new IllegalArgumentException("not a network sysctl key: \"" + key + "\"");
        }
        return Path.of("/proc/sys", rel);
    }

    /**
     * Writes a sysctl inside this namespace. {@code /proc/sys/net} shows the namespace of the
     * thread that opens it, so the file is opened by a thread inside the namespace.
     */
    public void sysctl(String key, String value) {
        Path p = sysctlPath(key);
        run(() -> {
            try {
                Files.writeString(p, value);
            } catch (IOException e) {
                throw ioError("write " + p + " in " + path, e);
            }
            return null;
        });
    }

    /**
     * Reads a sysctl inside this namespace, stripped of its newline. The file is read with one
     * large read: the kernel's integer handlers (proc_dointvec) answer a read at a non-zero offset
     * with end-of-file, so {@code Files.readString}, which starts with a one-byte read on a file of
     * size 0, would see only the first digit ("4" for 4096).
     */
    public String readSysctl(String key) {
        Path p = sysctlPath(key);
        return run(() -> {
            try (var in = Files.newInputStream(p)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw ioError("read " + p + " in " + path, e);
            }
        });
    }

    /**
     * Creates {@code /run/netns/NAME} like {@code ip netns add}: a new namespace made by a thread
     * that unshares and bind-mounts its own namespace file there, then ends.
     */
    public static NetNs create(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid netns name \"" + name + "\"");
        }
        Path target = RUN_NETNS.resolve(name);
        try {
            Files.createDirectories(RUN_NETNS);
            makeShared();
            Files.createFile(target);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new NetlinkException.ExistsException("create netns " + name, 17, "netns \"" + name + "\" exists");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        Thread t = Thread.ofPlatform().name("weft-netns-create").unstarted(() -> {
            Libc.unshare(Libc.CLONE_NEWNET);
            Libc.mount("/proc/thread-self/ns/net", target.toString(), "none", Libc.MS_BIND);
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        t.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // best effort
            }
            throw failure.get() instanceof SyscallException se ? NetlinkException.of(se)
                    : new IllegalStateException(failure.get());
        }
        return open(target.toString());
    }

    /** /run/netns must be a shared mount so that bind mounts in it propagate, as iproute2 ensures. */
    private static void makeShared() {
        try {
            Libc.mount("none", RUN_NETNS.toString(), null, Libc.MS_SHARED | Libc.MS_REC);
        } catch (SyscallException e) {
            // EINVAL: not a mount point yet. Bind it onto itself, then share it.
            Libc.mount(RUN_NETNS.toString(), RUN_NETNS.toString(), "none", Libc.MS_BIND | Libc.MS_REC);
            Libc.mount("none", RUN_NETNS.toString(), null, Libc.MS_SHARED | Libc.MS_REC);
        }
    }

    /** Removes {@code /run/netns/NAME}; a missing one is not an error. */
    public static boolean delete(String name) {
        Path target = RUN_NETNS.resolve(name);
        if (!Files.exists(target)) {
            return false;
        }
        try {
            Libc.umount2(target.toString(), Libc.MNT_DETACH);
        } catch (SyscallException e) {
            if (e.errno() != 22) { // EINVAL: not mounted (a stale file)
                throw NetlinkException.of(e);
            }
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + target, e);
        }
        return true;
    }

    /** A missing sysctl file is NotFound, a refused one Permission; the rest stays an I/O error. */
    private static RuntimeException ioError(String op, IOException e) {
        RuntimeException r = switch (e) {
            case java.nio.file.NoSuchFileException n -> NetlinkException.of(op, dev.weft.netlink.sys.Errno.ENOENT, null);
            case java.nio.file.AccessDeniedException a -> NetlinkException.of(op, dev.weft.netlink.sys.Errno.EACCES, null);
            default -> new UncheckedIOException("cannot " + op, e);
        };
        if (r instanceof NetlinkException) {
            r.initCause(e);
        }
        return r;
    }

    @Override
    public String toString() {
        return "NetNs[" + path + "]";
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
