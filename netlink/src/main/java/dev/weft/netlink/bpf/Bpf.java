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
    static final int MAP_CREATE = 0, MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3, MAP_GET_NEXT_KEY = 4;
    static final int PROG_LOAD = 5, PROG_ATTACH = 8, PROG_DETACH = 9, PROG_TEST_RUN = 10;
    static final int PROG_GET_FD_BY_ID = 13, MAP_GET_FD_BY_ID = 14, OBJ_GET_INFO_BY_FD = 15, PROG_QUERY = 16;
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

    /** A NUL-terminated object name read from {@code info} at {@code offset}. */
    static String name(MemorySegment info, long offset) {
        byte[] b = info.asSlice(offset, NAME_LEN).toArray(JAVA_BYTE);
        int len = 0;
        while (len < b.length && b[len] != 0) {
            len++;
        }
        return new String(b, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Fills {@code info} with what the kernel says of the object behind {@code fd} (BPF_OBJ_GET_INFO_BY_FD). */
    static void info(Arena a, int fd, MemorySegment info) {
        MemorySegment attr = attr(a);
        putInt(attr, 0, fd);
        putInt(attr, 4, (int) info.byteSize());
        putPointer(attr, 8, info);
        call(OBJ_GET_INFO_BY_FD, attr, "bpf OBJ_GET_INFO_BY_FD");
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
