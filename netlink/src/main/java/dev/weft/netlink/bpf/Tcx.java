package dev.weft.netlink.bpf;

import dev.weft.netlink.sys.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * tcx: programs on a device's ingress or egress (kernel 6.6 and later), the successor of tc's
 * clsact qdisc with cls_bpf filters. Attached with BPF_PROG_ATTACH, a program stays on the device
 * until detached or the device goes, whoever holds its descriptor; devices are named by index in
 * the calling thread's network namespace. Several programs run in order; one returning
 * {@link BpfProgram#TC_NEXT} hands the packet to the next.
 */
public final class Tcx {
    /** Where on the device: BPF_TCX_INGRESS, BPF_TCX_EGRESS. */
    public enum Direction {
        INGRESS(46), EGRESS(47);

        final int attachType;

        Direction(int attachType) {
            this.attachType = attachType;
        }
    }

    private static final int MAX_PROGRAMS = 64;

    private Tcx() {
    }

    /** Appends {@code program} to device {@code ifindex}'s {@code direction}. */
    public static void attach(int ifindex, Direction direction, BpfProgram program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, ifindex);
            Bpf.putInt(attr, 4, program.fd());
            Bpf.putInt(attr, 8, direction.attachType);
            Bpf.call(Bpf.PROG_ATTACH, attr, "bpf PROG_ATTACH " + program.name() + " to ifindex " + ifindex);
        }
    }

    /** The programs on device {@code ifindex}'s {@code direction}, in the order they run. */
    public static List<BpfProgram.Info> programs(int ifindex, Direction direction) {
        List<BpfProgram.Info> out = new ArrayList<>();
        for (int id : ids(ifindex, direction)) {
            out.add(info(id));
        }
        return out;
    }

    /** The ids of the programs on device {@code ifindex}'s {@code direction}, in the order they run. */
    public static List<Integer> ids(int ifindex, Direction direction) {
        List<Integer> ids = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            MemorySegment buf = a.allocate(4L * MAX_PROGRAMS, 8);
            Bpf.putInt(attr, 0, ifindex);
            Bpf.putInt(attr, 4, direction.attachType);
            Bpf.putPointer(attr, 16, buf);
            Bpf.putInt(attr, 24, MAX_PROGRAMS);
            Bpf.call(Bpf.PROG_QUERY, attr, "bpf PROG_QUERY ifindex " + ifindex);
            int n = Math.min(attr.get(JAVA_INT, 24), MAX_PROGRAMS);
            for (int i = 0; i < n; i++) {
                ids.add(buf.get(JAVA_INT, 4L * i));
            }
        }
        return ids;
    }

    /** The id and name of loaded program {@code id}. */
    public static BpfProgram.Info info(int id) {
        int fd = byId(id);
        try {
            return BpfProgram.info(fd);
        } finally {
            Libc.close(fd);
        }
    }

    /** Detaches the program with id {@code id} from device {@code ifindex}'s {@code direction}. */
    public static void detach(int ifindex, Direction direction, int id) {
        int fd = byId(id);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, ifindex);
            Bpf.putInt(attr, 4, fd);
            Bpf.putInt(attr, 8, direction.attachType);
            Bpf.call(Bpf.PROG_DETACH, attr, "bpf PROG_DETACH program " + id + " from ifindex " + ifindex);
        } finally {
            Libc.close(fd);
        }
    }

    private static int byId(int id) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, id);
            return Bpf.call(Bpf.PROG_GET_FD_BY_ID, attr, "bpf PROG_GET_FD_BY_ID " + id);
        }
    }
}
