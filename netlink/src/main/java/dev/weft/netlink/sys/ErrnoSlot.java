package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The segment a downcall captures errno into, owned by one thread. {@link Libc} allocates one per
 * call in a confined arena, which costs an allocation and a malloc; a packet loop cannot pay that
 * per packet, so the datapath calls ({@link FdIo}, {@link Datagram}) take a slot the calling
 * thread allocated once. Never share a slot between threads: concurrent calls would overwrite
 * each other's errno.
 */
public final class ErrnoSlot {
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private ErrnoSlot() {
    }

    /** A new slot in {@code arena}; give each thread its own. */
    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** The errno the last call through {@code slot} captured. */
    public static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    /** {@code rc} when it is not negative, otherwise minus the captured errno (the kernel's convention). */
    static long result(long rc, MemorySegment slot) {
        return rc < 0 ? -errno(slot) : rc;
    }
}
