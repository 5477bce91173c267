package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * bpf(2) through libc's {@code syscall(2)} (glibc has no wrapper): {@code long syscall(SYS_bpf,
 * int cmd, union bpf_attr *attr, unsigned int size)}. The commands and the attribute layouts live
 * in {@link dev.weft.netlink.bpf.Bpf}.
 */
public final class BpfCall {
    private static final MethodHandle SYSCALL = Downcalls.bindVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), 1);
    /** SYS_bpf: 321 on x86-64, 280 on arm64 (the generic table). */
    private static final long SYS_BPF = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;

    private BpfCall() {
    }

    /** bpf({@code cmd}, {@code attr}); the non-negative result, or a {@link SyscallException} naming {@code what}. */
    public static int bpf(int cmd, MemorySegment attr, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            long rc = (long) SYSCALL.invokeExact(slot, SYS_BPF, cmd, attr, (int) attr.byteSize());
            if (rc < 0) {
                throw new SyscallException(what, ErrnoSlot.errno(slot));
            }
            return (int) rc;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
