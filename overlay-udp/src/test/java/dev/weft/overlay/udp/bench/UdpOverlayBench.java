package dev.weft.overlay.udp.bench;

import dev.weft.overlay.udp.DatapathProcess;
import dev.weft.overlay.udp.StatusFile;
import dev.weft.overlay.udp.TwoNodeLab;
import dev.weft.overlay.udp.UdpOverlayConfig;
import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.testkit.Await;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The UDP overlay against kernel VXLAN between the same two namespaced nodes: TCP (one stream and
 * four), UDP flood, ping latency, and CPU — of the datapath processes (utime+stime from
 * /proc/PID/stat, JIT and GC included) and in all (those plus iperf3's own client and server CPU,
 * which is where the kernel's work for VXLAN is charged) — per gigabit; and system calls per packet
 * from the datapath's counters. A measurement, not a test: it asserts nothing.
 * Run: {@code java -cp TEST-CLASSPATH dev.weft.overlay.udp.bench.UdpOverlayBench [SECONDS] [MODE...]}
 * (modes: vxlan simple batched offload), or the JUnit entry {@code UdpOverlayBenchRootTest} with
 * {@code -Dweft.bench.udp=true}. Prints a Markdown table and writes JSON beside it.
 */
public final class UdpOverlayBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long HZ = 100;
    /** Seconds of TCP before measuring: the datapath JVM's JIT compiles the packet loop then (-Dweft.bench.warmup). */
    private static final int WARM_UP = Integer.getInteger("weft.bench.warmup", 3);

    private final int seconds;
    private final Path dir;

    UdpOverlayBench(int seconds, Path dir) {
        this.seconds = seconds;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> modes = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("vxlan", "simple", "batched", "offload");
        Path dir = Files.createTempDirectory("weft-udp-bench");
        int rounds = Integer.getInteger("weft.bench.rounds", 3);
        List<Map<String, Object>> rows = new UdpOverlayBench(seconds, dir).run(modes, rounds);
        for (int r = 1; r <= rounds; r++) {
            int round = r;
            System.out.println("round " + r + ":\n" + table(rows.stream().filter(m -> m.get("round").equals(round)).toList()));
        }
        System.out.println("median of " + rounds + " rounds:\n" + BenchSummary.table(rows, modes));
        Path out = Path.of(System.getProperty("weft.bench.out", dir.resolve("udp-overlay.json").toString()));
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        System.out.println("JSON: " + out);
    }

    /**
     * Every mode once per round, rounds one after the other: on a shared machine the load drifts,
     * and a UDP mode is best compared with the VXLAN run of its own round.
     */
    List<Map<String, Object>> run(List<String> modes, int rounds) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            for (String mode : modes) {
                try (Netns ns = new Netns()) {
                    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                    Map<String, Object> row = measure(ns, mode);
                    row.put("round", r);
                    row.put("loadavg_before", Double.parseDouble(load));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private Map<String, Object> measure(Netns ns, String mode) throws Exception {
        boolean vxlan = mode.equals("vxlan");
        int mtu = vxlan ? 1450 : 1472;
        Path state = Files.createDirectories(dir.resolve(mode));
        TwoNodeLab lab = TwoNodeLab.build(ns, state, mtu);
        long[] pids = new long[0];
        if (vxlan) {
            lab.vxlan();
        } else {
            pids = startDatapaths(lab, DatapathKind.parse(mode), state);
        }
        Await.until(Duration.ofSeconds(30), () -> TwoNodeLab.ping(lab.podA, "-c", "1", "-W", "1", TwoNodeLab.POD_B).ok(), mode + " up");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("mode", vxlan ? "vxlan (kernel)" : "udp-" + mode);
        row.put("mtu", mtu);
        if (!vxlan) {
            Map<String, String> st = StatusFile.read(state.resolve("a/status"));
            row.put("queues", Integer.parseInt(st.get("queues")));
            row.put("datapath_running", st.get("datapath"));
        }
        try (Daemon server = Daemon.start("iperf3", lab.podB, state.resolve("iperf3.log"), "iperf3", "-s", "--forceflush")) {
            server.awaitReady(Duration.ofSeconds(10), () -> server.log().contains("Server listening"));
            iperf(lab, pids, state, "-t", Integer.toString(WARM_UP)); // warm-up: JIT, caches
            row.put("tcp1", iperf(lab, pids, state, "-t", Integer.toString(seconds)));
            row.put("tcp4", iperf(lab, pids, state, "-t", Integer.toString(seconds), "-P", "4"));
            row.put("udp", iperf(lab, pids, state, "-t", Integer.toString(seconds), "-u", "-b", "0", "-l", Integer.toString(mtu - 28)));
        }
        row.put("ping", latency(lab));
        if (!vxlan) {
            DatapathProcess.stop(state.resolve("a"));
            DatapathProcess.stop(state.resolve("b"));
        }
        return row;
    }

    private long[] startDatapaths(TwoNodeLab lab, DatapathKind kind, Path state) throws Exception {
        String cp = System.getProperty("java.class.path");
        long[] pids = new long[2];
        lab.writePeers();
        for (int i = 0; i < 2; i++) {
            boolean a = i == 0;
            Path node = state.resolve(a ? "a" : "b");
            UdpOverlayConfig c = lab.config(a, Optional.of(kind), 0); // the default queue count
            // the launcher starts the process in the caller's namespace: start it from inside the node's
            List<String> cmd = new ArrayList<>(DatapathProcess.javaCommand(cp));
            cmd.add(dev.weft.overlay.udp.UdpOverlayMain.class.getName());
            cmd.addAll(c.toArgs());
            Daemon d = Daemon.start("datapath", a ? lab.nodeA : lab.nodeB, node.resolve("datapath.log"), cmd.toArray(String[]::new));
            Files.writeString(node.resolve("datapath.pid"), Long.toString(d.pid()));
            Files.writeString(node.resolve("datapath.args"), String.join("\n", c.toArgs()));
            pids[i] = d.pid();
            Await.until(Duration.ofSeconds(30), () -> Files.exists(c.statsFile()), "datapath status " + d.log());
        }
        return pids;
    }

    /** One iperf3 run: throughput, CPU per gigabit, and (for the UDP overlay) system calls per packet. */
    private Map<String, Object> iperf(TwoNodeLab lab, long[] pids, Path state, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.podA, "iperf3", "-J", "-c", TwoNodeLab.POD_B));
        cmd.addAll(List.of(args));
        long cpuBefore = cpuTicks(pids);
        long packetBefore = packetThreadTicks(pids);
        Map<String, Map<String, String>> before = status(state, pids);
        Proc.Result r = Proc.run(cmd, Map.of(), null, Duration.ofSeconds(seconds + 60));
        long cpuTicks = cpuTicks(pids) - cpuBefore;
        long packetTicks = packetThreadTicks(pids) - packetBefore;
        JsonNode j = JSON.readTree(r.out());
        if (j.has("error")) {
            throw new IllegalStateException("iperf3 " + String.join(" ", args) + ": " + j.get("error").asString());
        }
        boolean udp = Arrays.asList(args).contains("-u");
        JsonNode end = j.get("end");
        JsonNode sum = udp ? end.get("sum") : end.get("sum_received");
        // UDP: "sum" is the sender's rate with the receiver's loss; what arrived is the rate that counts
        double bps = end.has("sum_received") ? end.get("sum_received").get("bits_per_second").asDouble()
                : sum.get("bits_per_second").asDouble() * (udp ? 1 - sum.get("lost_percent").asDouble() / 100 : 1);
        double secs = sum.get("seconds").asDouble();
        double gigabits = bps * secs / 1e9;
        JsonNode cpu = end.get("cpu_utilization_percent");
        double iperfCpu = (cpu.get("host_total").asDouble() + cpu.get("remote_total").asDouble()) / 100 * secs;
        double dpCpu = cpuTicks / (double) HZ;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gbps", round(bps / 1e9, 3));
        if (udp) {
            m.put("lost_percent", round(sum.get("lost_percent").asDouble(), 2));
        } else {
            m.put("retransmits", end.get("sum_sent").get("retransmits").asLong());
        }
        m.put("datapath_cpu_s_per_gbit", round(dpCpu / gigabits, 3));
        m.put("packet_threads_cpu_s_per_gbit", round(packetTicks / (double) HZ / gigabits, 3));
        m.put("total_cpu_s_per_gbit", round((dpCpu + iperfCpu) / gigabits, 3));
        Thread.sleep(1300); // the status files are rewritten every second
        Map<String, Map<String, String>> after = status(state, pids);
        if (!after.isEmpty()) {
            // every system call of the node (EAGAIN and poll included) per packet it forwarded, either way
            m.put("syscalls_per_packet_tx", round(perPacket(before.get("a"), after.get("a"), "sys_", "tx_packets", "rx_packets"), 3));
            m.put("syscalls_per_packet_rx", round(perPacket(before.get("b"), after.get("b"), "sys_", "tx_packets", "rx_packets"), 3));
            m.put("drops_b", delta(before.get("b"), after.get("b"), "drop_"));
        }
        return m;
    }

    private static Map<String, Map<String, String>> status(Path state, long[] pids) throws Exception {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (String n : List.of("a", "b")) {
            Path f = state.resolve(n + "/status");
            if (pids.length > 0 && Files.exists(f)) {
                m.put(n, StatusFile.read(f));
            }
        }
        return m;
    }

    private static double perPacket(Map<String, String> before, Map<String, String> after, String calls, String... packets) {
        long n = 0;
        for (String k : packets) {
            n += delta(before, after, k);
        }
        long c = delta(before, after, calls);
        return n == 0 ? 0 : c / (double) n;
    }

    private static long delta(Map<String, String> before, Map<String, String> after, String key) {
        long d = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().equals(key) || (key.endsWith("_") && e.getKey().startsWith(key))) {
                d += Long.parseLong(e.getValue()) - Long.parseLong(before.getOrDefault(e.getKey(), "0"));
            }
        }
        return d;
    }

    private static long cpuTicks(long[] pids) throws Exception {
        long t = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            t += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        }
        return t;
    }

    /**
     * CPU ticks of the datapaths' packet threads alone ({@code udp-KIND-QUEUE}), without the
     * JIT compiler, GC and status threads the process total includes.
     */
    private static long packetThreadTicks(long[] pids) throws Exception {
        long t = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (java.io.IOException e) {
                        continue; // the thread ended
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.matches("udp-(simple|batched|offload)-\\d+")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
        }
        return t;
    }

    /** 1000 pings 2 ms apart: p50, p99, max in microseconds. */
    private static Map<String, Object> latency(TwoNodeLab lab) {
        Proc.Result r = TwoNodeLab.ping(lab.podA, "-c", "1000", "-i", "0.002", "-W", "1", TwoNodeLab.POD_B);
        double[] rtts = r.out().lines().filter(l -> l.contains("time=")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.indexOf("time=") + 5).split(" ")[0])).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", rtts.length);
        if (rtts.length > 0) {
            m.put("p50_us", Math.round(rtts[rtts.length / 2] * 1000));
            m.put("p99_us", Math.round(rtts[(int) (rtts.length * 0.99)] * 1000));
            m.put("max_us", Math.round(rtts[rtts.length - 1] * 1000));
        }
        return m;
    }

    private static double round(double v, int places) {
        double p = Math.pow(10, places);
        return Math.round(v * p) / p;
    }

    @SuppressWarnings("unchecked")
    static String table(List<Map<String, Object>> rows) {
        StringBuilder b = new StringBuilder("| datapath (load before) | TCP 1 stream Gbit/s | TCP 4 streams Gbit/s | UDP Gbit/s (loss %) | ping p50/p99/max µs"
                + " | datapath CPU s/Gbit (TCP 1) | packet threads CPU s/Gbit (TCP 1) | total CPU s/Gbit (TCP 1) | syscalls/packet sender/receiver node (TCP 1) |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            Map<String, Object> t1 = (Map<String, Object>) r.get("tcp1");
            Map<String, Object> t4 = (Map<String, Object>) r.get("tcp4");
            Map<String, Object> u = (Map<String, Object>) r.get("udp");
            Map<String, Object> p = (Map<String, Object>) r.get("ping");
            b.append("| ").append(r.get("mode")).append(r.containsKey("queues") ? " " + r.get("queues") + "q" : "")
                    .append(" (").append(r.get("loadavg_before")).append(") | ").append(t1.get("gbps")).append(" | ").append(t4.get("gbps"))
                    .append(" | ").append(u.get("gbps")).append(" (").append(u.get("lost_percent")).append(") | ")
                    .append(p.get("p50_us")).append('/').append(p.get("p99_us")).append('/').append(p.get("max_us")).append(" | ")
                    .append(t1.get("datapath_cpu_s_per_gbit")).append(" | ").append(t1.getOrDefault("packet_threads_cpu_s_per_gbit", "-"))
                    .append(" | ").append(t1.get("total_cpu_s_per_gbit")).append(" | ")
                    .append(t1.getOrDefault("syscalls_per_packet_tx", "-")).append('/').append(t1.getOrDefault("syscalls_per_packet_rx", "-"))
                    .append(" |\n");
        }
        return b.toString();
    }
}
