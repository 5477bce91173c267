package dev.weft.lock;

import java.io.IOException;
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

/**
 * A lock file held with {@code flock(2)}, as the reference plugins hold theirs (go-filemutex):
 * flock and fcntl locks do not see each other on Linux, so only flock excludes a reference
 * host-local working in the same directory. The lock belongs to this open file: another open of the
 * same file, in this process or another, waits for it; closing the file releases it, and so does
 * the death of its process. The file is opened {@code O_NOFOLLOW}: a symbolic link at its name is
 * an error, its target never touched.
 *
 * <p>Three libc calls through FFM; they live here rather than in {@code dev.weft.netlink.sys}
 * because {@code values} is below {@code netlink}.
 */
public final class Flock implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), true);
    private static final MethodHandle FLOCK = bind("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), false);
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), false);

    private static final int O_RDWR = 0x2;
    private static final int O_CREAT = 0x40;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_UN = 8;
    private static final int EINTR = 4;

    private final Path file;
    private final int fd;
    private boolean closed;

    private Flock(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /** Opens (creating it {@code rw-------} when missing) the lock file; takes no lock yet. */
    public static Flock open(Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(file.toString()), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0) {
                throw failure("open", file, state);
            }
            return new Flock(file, fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits for the exclusive lock. */
    public void lock() throws IOException {
        call(LOCK_EX, "flock(LOCK_EX)");
    }

    /** Releases the lock; the file stays open for the next {@link #lock}. */
    public void unlock() throws IOException {
        call(LOCK_UN, "flock(LOCK_UN)");
    }

    private void call(int op, String what) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            while (true) {
                int rc = (int) FLOCK.invokeExact(state, fd, op);
                if (rc == 0) {
                    return;
                }
                if ((int) ERRNO.get(state, 0L) != EINTR) {
                    throw failure(what, file, state);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Closes the file, which releases the lock if held. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try (Arena arena = Arena.ofConfined()) {
                int ignored = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static IOException failure(String what, Path file, MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        String why = switch (errno) {
            case 40 -> "it is a symbolic link";
            case 2 -> "its directory does not exist";
            case 13 -> "permission denied";
            default -> "errno " + errno;
        };
        return new IOException(what + " " + file + ": " + why);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor fd, boolean variadicMode) {
        Linker.Option capture = Linker.Option.captureCallState("errno");
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow();
        return variadicMode
                ? LINKER.downcallHandle(symbol, fd, capture, Linker.Option.firstVariadicArg(2))
                : LINKER.downcallHandle(symbol, fd, capture);
    }
}
