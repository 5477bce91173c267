package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A file made without a name ({@code open(2)} with O_TMPFILE), written whole, then given names
 * with {@code linkat(2)}: each name appears with the complete content or not at all, and a name
 * that exists is refused (EEXIST; a link never replaces). A process killed before the first link
 * leaves nothing behind: the kernel frees an unnamed file at its last close. This is an exclusive
 * claim in three calls where a named temporary file takes create, write, link and unlink.
 *
 * <p>Limits: Linux 3.11+ and a filesystem that supports it (ext4, xfs, btrfs, tmpfs; not every
 * FUSE or network filesystem); {@link #create} fails with EOPNOTSUPP (EISDIR on kernels without
 * the flag), see {@link #unsupported}. The name is given through {@code /proc/self/fd/N} with
 * AT_SYMLINK_FOLLOW, which needs {@code /proc} but no capability (AT_EMPTY_PATH would need
 * CAP_DAC_READ_SEARCH). One thread at a time: the errno segments live in a confined arena.
 */
public final class UnnamedFile implements AutoCloseable {
    /** openat(2): {@code int openat(int dirfd, const char *path, int flags, ...)} (the mode is variadic). */
    private static final MethodHandle OPENAT = Downcalls.bindVariadic("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    /** fchmod(2): {@code int fchmod(int fd, mode_t mode)}. */
    private static final MethodHandle FCHMOD = Downcalls.bind("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** linkat(2): {@code int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)}. */
    private static final MethodHandle LINKAT = Downcalls.bind("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));

    /** O_TMPFILE (__O_TMPFILE | O_DIRECTORY) on x86-64 and arm64. */
    static final int O_TMPFILE = 0x410000;
    static final int O_WRONLY = 1;
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_FOLLOW = 0x400;
    static final int EISDIR = 21;

    private final Arena arena;
    private final MemorySegment slot;
    private final int fd;

    private UnnamedFile(Arena arena, MemorySegment slot, int fd) {
        this.arena = arena;
        this.slot = slot;
        this.fd = fd;
    }

    /**
     * A new unnamed file in {@code dir} holding {@code content}, with exactly {@code mode} (set
     * with fchmod, whatever the umask). A {@link SyscallException} when it cannot be made (see
     * {@link #unsupported} for a filesystem or kernel without O_TMPFILE).
     */
    public static UnnamedFile create(Path dir, byte[] content, int mode) {
        Arena a = Arena.ofConfined();
        try {
            MemorySegment slot = ErrnoSlot.allocate(a);
            int fd = (int) OPENAT.invokeExact(slot, AT_FDCWD, a.allocateFrom(dir.toString()),
                    O_TMPFILE | O_WRONLY | Libc.O_CLOEXEC, mode);
            if (fd < 0) {
                throw new SyscallException("open O_TMPFILE in " + dir, ErrnoSlot.errno(slot));
            }
            UnnamedFile f = new UnnamedFile(a, slot, fd);
            try {
                f.fill(content, mode);
                return f;
            } catch (Throwable e) {
                f.close(); // closes the arena too
                throw e;
            }
        } catch (Throwable t) {
            if (a.scope().isAlive()) {
                a.close();
            }
            throw Downcalls.unexpected(t);
        }
    }

    private void fill(byte[] content, int mode) throws Throwable {
        if ((int) FCHMOD.invokeExact(slot, fd, mode) < 0) {
            throw new SyscallException("fchmod", ErrnoSlot.errno(slot));
        }
        MemorySegment buf = arena.allocateFrom(JAVA_BYTE, content);
        long done = 0;
        while (done < content.length) {
            long n = FdIo.write(slot, fd, buf.asSlice(done), content.length - done);
            if (n < 0) {
                if (n == -Errno.EINTR) {
                    continue;
                }
                throw new SyscallException("write", (int) -n);
            }
            done += n;
        }
    }

    /**
     * Gives the file the name {@code path}; false when that name exists (nothing is replaced). A
     * {@link SyscallException} for any other refusal.
     */
    public boolean linkAs(Path path) {
        try {
            int rc = (int) LINKAT.invokeExact(slot, AT_FDCWD, arena.allocateFrom("/proc/self/fd/" + fd), AT_FDCWD,
                    arena.allocateFrom(path.toString()), AT_SYMLINK_FOLLOW);
            if (rc == 0) {
                return true;
            }
            int errno = ErrnoSlot.errno(slot);
            if (errno == Errno.EEXIST) {
                return false;
            }
            throw new SyscallException("link " + path, errno);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** Whether {@code e} from {@link #create} means this kernel or filesystem has no O_TMPFILE. */
    public static boolean unsupported(SyscallException e) {
        return e.errno() == Errno.EOPNOTSUPP || e.errno() == EISDIR || e.errno() == Errno.EINVAL;
    }

    /** Closes the descriptor: an unnamed file that was never linked is gone with it. */
    @Override
    public void close() {
        try {
            int rc = FdIo.close(slot, fd);
            if (rc < 0 && rc != -Errno.EINTR) {
                throw new SyscallException("close", -rc);
            }
        } finally {
            arena.close();
        }
    }
}
