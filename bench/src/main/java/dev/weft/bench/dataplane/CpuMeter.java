package dev.weft.bench.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of processes, from {@code /proc/PID/stat} (utime + stime, fields 14 and 15, in
 * USER_HZ ticks): used for the udp datapath processes, whose pids their status files name. Per
 * process on purpose, not the machine's total, so other jobs on a shared machine do not count.
 */
final class CpuMeter {
    /** USER_HZ, 100 on every Linux ABI weft runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuMeter() {
    }

    /** The CPU-seconds {@code pids} have used so far; a process that is gone counts 0. */
    static double seconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            try {
                total += seconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            } catch (IOException e) {
                // gone: nothing to add
            }
        }
        return total;
    }

    /** utime + stime of one {@code /proc/PID/stat} line, in seconds (the command may contain spaces and parentheses). */
    static double seconds(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // after "pid (comm) ": f[0] is the state (field 3), so utime (14) is f[11] and stime (15) f[12]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }
}
