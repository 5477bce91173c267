package dev.weft.netlink.bpf;

import dev.weft.netlink.sys.BpfCall;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The bpf(2) commands weft uses, with {@code union bpf_attr}'s layouts from the kernel's uapi
 * {@code linux/bpf.h}. Package-private: callers use {@link BpfMap}, {@link BpfProgram} and {@link Tcx}.
 */
final class Bpf {
    static final int MAP_CREATE = 0, MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3;
    static final int PROG_LOAD = 5, PROG_ATTACH = 8, PROG_DETACH = 9, PROG_TEST_RUN = 10;
    static final int PROG_GET_FD_BY_ID = 13, OBJ_GET_INFO_BY_FD = 15, PROG_QUERY = 16;
    /** The attribute buffer: larger than any command's part, zero where unused (the kernel checks). */
    static final int ATTR_SIZE = 128;
    /** BPF_OBJ_NAME_LEN, the terminating zero included. */
    static final int NAME_LEN = 16;

    private Bpf() {
    }

    static MemorySegment attr(Arena a) {
        return a.allocate(ATTR_SIZE, 8);
    }

    static int call(int cmd, MemorySegment attr, String what) {
        return BpfCall.bpf(cmd, attr, what);
    }

    /** Writes an object name (at most 15 bytes of [A-Za-z0-9_.]) at {@code offset}. */
    static void name(MemorySegment attr, long offset, String name) {
        if (name.length() >= NAME_LEN || !name.matches("[A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("bpf object name " + name + ": at most 15 of [A-Za-z0-9_.]");
        }
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MemorySegment.copy(b, 0, attr, JAVA_BYTE, offset, b.length);
    }

    static MemorySegment bytes(Arena a, byte[] b) {
        MemorySegment s = a.allocate(Math.max(1, b.length), 8);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 0, b.length);
        return s;
    }

    static void putInt(MemorySegment attr, long offset, int v) {
        attr.set(JAVA_INT, offset, v);
    }

    static void putPointer(MemorySegment attr, long offset, MemorySegment p) {
        attr.set(JAVA_LONG, offset, p.address());
    }
}
