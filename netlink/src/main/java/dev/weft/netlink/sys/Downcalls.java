package dev.weft.netlink.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Binds libc functions for the datapath's system calls ({@link Tun}, {@link FdIo},
 * {@link Datagram}): every handle captures errno into a segment the caller passes, see
 * {@link ErrnoSlot}. Kept apart from {@link Libc} so its merges stay clean.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();

    private Downcalls() {
    }

    /** The handle of {@code name}, errno captured; an {@link UnsatisfiedLinkError} when libc lacks it. */
    static MethodHandle bind(String name, FunctionDescriptor fd) {
        return find(name).map(s -> handle(s, fd))
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    /** The handle of a variadic function whose variadic arguments start at {@code firstVariadic}. */
    static MethodHandle bindVariadic(String name, FunctionDescriptor fd, int firstVariadic) {
        return find(name).map(s -> handle(s, fd, Linker.Option.firstVariadicArg(firstVariadic)))
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    /** Whether libc exports {@code name} (old C libraries lack recvmmsg/sendmmsg). */
    static boolean exists(String name) {
        return find(name).isPresent();
    }

    private static Optional<MemorySegment> find(String name) {
        return LINKER.defaultLookup().find(name);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle handle(MemorySegment symbol, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** Rethrows what a downcall threw: only runtime exceptions and errors can come out of one. */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
