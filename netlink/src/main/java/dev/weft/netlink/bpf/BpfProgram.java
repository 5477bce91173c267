package dev.weft.netlink.bpf;

import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A loaded BPF program held by its file descriptor. A program attached to a device stays there when
 * the descriptor closes; the kernel frees it once detached and closed.
 */
public final class BpfProgram implements AutoCloseable {
    /** BPF_PROG_TYPE_SCHED_CLS: tc and tcx programs. */
    public static final int SCHED_CLS = 3;
    /** tc's verdicts as tcx reads them: go on to the next program (pass at the end), redirected. */
    public static final int TC_NEXT = -1, TC_REDIRECT = 7;
    private static final int LOG_SIZE = 1 << 20;
    private static final int INFO_SIZE = 80, MAX_MAP_IDS = 16;

    private final int fd;
    private final String name;
    private boolean closed;

    BpfProgram(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Loads {@code insns} (from {@link Assembler#assemble}) as a program of {@code type} under the
     * GPL (the routing helpers need it). A program the verifier refuses throws with the tail of the
     * verifier's log.
     */
    public static BpfProgram load(int type, String name, byte[] insns) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            MemorySegment log = a.allocate(LOG_SIZE);
            Bpf.putInt(attr, 0, type);
            Bpf.putInt(attr, 4, insns.length / 8);
            Bpf.putPointer(attr, 8, Bpf.bytes(a, insns));
            Bpf.putPointer(attr, 16, a.allocateFrom("GPL"));
            Bpf.putInt(attr, 24, 1);
            Bpf.putInt(attr, 28, LOG_SIZE);
            Bpf.putPointer(attr, 32, log);
            Bpf.name(attr, 48, name);
            try {
                return new BpfProgram(Bpf.call(Bpf.PROG_LOAD, attr, "bpf PROG_LOAD " + name), name);
            } catch (SyscallException e) {
                String text = log.getString(0, StandardCharsets.US_ASCII).strip();
                String tail = text.length() > 2000 ? text.substring(text.length() - 2000) : text;
                throw new SyscallException("bpf PROG_LOAD " + name + (tail.isEmpty() ? "" : " (verifier: " + tail + ")"), e.errno());
            }
        }
    }

    public int fd() {
        return fd;
    }

    public String name() {
        return name;
    }

    /** The kernel's id of this program (what {@link Tcx#programs} lists). */
    public int id() {
        return info(fd).id();
    }

    /** A loaded program's id, name and the ids of the maps it uses. */
    public record Info(int id, String name, List<Integer> mapIds) {
        public Info {
            mapIds = List.copyOf(mapIds);
        }
    }

    /** What the kernel says of the program behind {@code fd} (struct bpf_prog_info). */
    static Info info(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(INFO_SIZE, 8);
            MemorySegment mapIds = a.allocate(4L * MAX_MAP_IDS, 8);
            info.set(JAVA_INT, 52, MAX_MAP_IDS); // nr_map_ids: room given, then how many there are
            Bpf.putPointer(info, 56, mapIds);
            Bpf.info(a, fd, info);
            int n = Math.min(info.get(JAVA_INT, 52), MAX_MAP_IDS);
            List<Integer> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(mapIds.get(JAVA_INT, 4L * i));
            }
            return new Info(info.get(JAVA_INT, 4), Bpf.name(info, 64), ids);
        }
    }

    /** The outcome of {@link #testRun}: the program's return value and the packet as it left it. */
    public record TestRun(int retval, byte[] packet) {
    }

    /**
     * Runs the program once on {@code packet} (an Ethernet frame) as if it arrived on device
     * {@code ifindex} of the calling thread's network namespace (BPF_PROG_TEST_RUN: nothing is
     * sent; a redirect only sets the verdict).
     */
    public TestRun testRun(byte[] packet, int ifindex) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            MemorySegment out = a.allocate(packet.length + 256L, 8);
            MemorySegment ctx = a.allocate(48, 8);
            ctx.set(JAVA_INT, 40, ifindex); // struct __sk_buff's ifindex
            Bpf.putInt(attr, 0, fd);
            Bpf.putInt(attr, 8, packet.length);
            Bpf.putInt(attr, 12, (int) out.byteSize());
            Bpf.putPointer(attr, 16, Bpf.bytes(a, packet));
            Bpf.putPointer(attr, 24, out);
            Bpf.putInt(attr, 32, 1);
            Bpf.putInt(attr, 40, (int) ctx.byteSize());
            Bpf.putPointer(attr, 48, ctx);
            Bpf.call(Bpf.PROG_TEST_RUN, attr, "bpf PROG_TEST_RUN " + name);
            int size = attr.get(JAVA_INT, 12);
            return new TestRun(attr.get(JAVA_INT, 4), out.asSlice(0, size).toArray(JAVA_BYTE));
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
