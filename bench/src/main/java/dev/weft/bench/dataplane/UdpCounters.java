package dev.weft.bench.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The udp datapath processes' counters, from the status files they rewrite every second
 * ({@code NODEDIR/udp/status}, {@code key=value} lines): system calls ({@code sys_*}: TUN reads and
 * writes, UDP sends and receives, polls, reads that found nothing) and packets moved
 * ({@code tx_packets} + {@code rx_packets}), summed over the given nodes, and the processes' pids.
 */
record UdpCounters(long syscalls, long packets, List<Long> pids) {

    /** Sums the status files of {@code nodeDirs}. */
    static UdpCounters read(List<Path> nodeDirs) {
        long sys = 0;
        long packets = 0;
        List<Long> pids = new java.util.ArrayList<>();
        for (Path dir : nodeDirs) {
            try {
                for (String line : Files.readAllLines(dir.resolve("udp/status"))) {
                    int eq = line.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String k = line.substring(0, eq);
                    if (k.startsWith("sys_")) {
                        sys += Long.parseLong(line.substring(eq + 1).strip());
                    } else if (k.equals("pid")) {
                        pids.add(Long.parseLong(line.substring(eq + 1).strip()));
                    } else if (k.equals("tx_packets") || k.equals("rx_packets")) {
                        packets += Long.parseLong(line.substring(eq + 1).strip());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return new UdpCounters(-1, -1, List.of());
            }
        }
        return new UdpCounters(sys, packets, List.copyOf(pids));
    }

    /** System calls per packet from {@code before} to this; NaN when either read failed or nothing moved. */
    double perPacketSince(UdpCounters before) {
        if (syscalls < 0 || before.syscalls < 0 || packets <= before.packets) {
            return Double.NaN;
        }
        return (double) (syscalls - before.syscalls) / (packets - before.packets);
    }
}
