package dev.weft.bench.dataplane;

import dev.weft.bench.report.Machine;
import dev.weft.lab.LabEnv;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The dataplane benchmark: builds the labs, measures every mode {@code repeats} times in a
 * rotated order, and writes {@code dataplane.json}, {@code dataplane.md} and two PNG charts.
 */
public final class DataplaneBench {
    private final NsExec exec;
    private final LabEnv env;
    private final PrintStream log;

    /** How to run: seconds per measurement, repeats, output directory, modes (underlay first). */
    public record Options(int seconds, int repeats, Path out, List<Mode> modes) {
        public Options {
            if (seconds < 1) {
                throw new IllegalArgumentException("--seconds must be at least 1, not " + seconds);
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats must be at least 1, not " + repeats);
            }
            if (modes.isEmpty() || modes.getFirst() != Mode.UNDERLAY) {
                throw new IllegalArgumentException("modes must start with the underlay, the reference: " + modes);
            }
            for (Mode m : modes) {
                if (!modes.contains(m.reference())) {
                    throw new IllegalArgumentException(m.text() + " needs its reference " + m.reference().text() + ": " + modes);
                }
            }
            modes = List.copyOf(modes);
        }
    }

    public DataplaneBench(NsExec exec, LabEnv env, PrintStream log) {
        this.exec = exec;
        this.env = env;
        this.log = log;
    }

    /** Runs the whole benchmark, labs removed afterwards whatever happens, and writes the reports. */
    public BenchResult run(Options o) throws Exception {
        Testbed.clean(log);
        Path logs = o.out().resolve("dataplane-logs");
        Files.createDirectories(logs);
        Map<Mode, Endpoints> ends;
        Map<Mode, List<Sample>> samples = new EnumMap<>(Mode.class);
        try (Testbed bed = new Testbed(env, log)) {
            ends = bed.build(o.modes());
            ends.values().forEach(e -> log.printf("bench: %-16s %s -> %s (%s), mtu %d%n", e.mode().text(),
                    e.clientNs(), e.serverNs(), e.serverIp(), e.mtu()));
            for (int r = 0; r < o.repeats(); r++) {
                for (Mode m : order(o.modes(), r)) {
                    Sample s = measure(ends.get(m), o.seconds(), logs);
                    samples.computeIfAbsent(m, k -> new ArrayList<>()).add(s);
                    log.printf("bench: repeat %d/%d %-16s %s%n", r + 1, o.repeats(), m.text(), describe(s));
                }
            }
        }
        BenchResult result = summarise(Machine.current(), o, ends, samples);
        write(result, o.out());
        return result;
    }

    /** The modes in the order of repeat {@code r}: rotated by {@code r}, so each mode takes every position. */
    static List<Mode> order(List<Mode> modes, int r) {
        List<Mode> out = new ArrayList<>(modes);
        Collections.rotate(out, -(r % modes.size()));
        return out;
    }

    /** Each metric once, with fresh servers; a metric that fails is recorded as NaN and reported. */
    private Sample measure(Endpoints e, int seconds, Path logs) throws Exception {
        Iperf iperf = new Iperf(exec, e);
        Sockperf sockperf = new Sockperf(exec, e);
        try (AutoCloseable a = iperf.server(logs.resolve(e.mode().text() + "-iperf3.log"));
             AutoCloseable b = sockperf.server(logs.resolve(e.mode().text() + "-sockperf.log"))) {
            List<Path> nodeDirs = List.of(Testbed.layout(e.mode().lab()).nodeDir("n1"), Testbed.layout(e.mode().lab()).nodeDir("n2"));
            UdpCounters countersBefore = e.mode().udp() ? UdpCounters.read(nodeDirs) : null;
            double datapathCpuBefore = countersBefore == null ? 0 : CpuMeter.seconds(countersBefore.pids());
            IperfReport[] one = new IperfReport[1];
            double tcp = attempt(e, "tcp", () -> (one[0] = iperf.tcp(1, seconds)).receivedGbps());
            double datapathCpu = countersBefore == null ? 0 : CpuMeter.seconds(countersBefore.pids()) - datapathCpuBefore;
            double cpuPerGbit = one[0] == null || !(tcp > 0) ? Double.NaN
                    : ((one[0].cpuHostPct() + one[0].cpuRemotePct()) / 100 * seconds + datapathCpu) / (tcp * seconds);
            double syscallsPerPacket = Double.NaN;
            if (countersBefore != null) {
                Thread.sleep(1100); // the status files are rewritten every second
                syscallsPerPacket = UdpCounters.read(nodeDirs).perPacketSince(countersBefore);
            }
            double multi = attempt(e, "tcp_multi", () -> iperf.tcp(4, seconds).receivedGbps());
            IperfReport[] udp = new IperfReport[1];
            double udpGbps = attempt(e, "udp", () -> (udp[0] = UdpSearch.measure(iperf::udp, seconds)).receivedGbps());
            SockperfReport[] rr = new SockperfReport[1];
            double p50 = attempt(e, "rr", () -> (rr[0] = sockperf.pingPong(seconds)).p50Us());
            return new Sample(tcp, multi, udpGbps, udp[0] == null ? Double.NaN : udp[0].lostPercent(), p50,
                    rr[0] == null ? Double.NaN : rr[0].p99Us(), cpuPerGbit, syscallsPerPacket);
        }
    }

    private double attempt(Endpoints e, String metric, DoubleSupplier run) {
        try {
            return run.getAsDouble();
        } catch (RuntimeException ex) {
            log.println("bench: " + e.mode().text() + " " + metric + " failed: " + ex.getMessage());
            return Double.NaN;
        }
    }

    static BenchResult summarise(Machine machine, Options o, Map<Mode, Endpoints> ends, Map<Mode, List<Sample>> samples) {
        List<ModeSummary> modes = o.modes().stream()
                .map(m -> ModeSummary.of(m, ends.get(m).mtu(), samples.get(m), samples.get(m.reference()))).toList();
        return new BenchResult(machine, o.seconds(), o.repeats(), modes);
    }

    /** {@code dataplane.json}, {@code dataplane.md}, {@code dataplane-throughput.png}, {@code dataplane-latency.png}. */
    public static void write(BenchResult r, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dataplane.json"), JsonReport.render(r));
        Files.writeString(dir.resolve("dataplane.md"), MarkdownReport.render(r));
        List<BarChart> charts = BarChart.of(r);
        charts.get(0).writePng(dir.resolve("dataplane-throughput.png"));
        charts.get(1).writePng(dir.resolve("dataplane-latency.png"));
    }

    static String describe(Sample s) {
        return String.format(java.util.Locale.ROOT,
                "tcp %.2f Gbps, tcp x4 %.2f Gbps, udp %.2f Gbps (%.1f%% loss), rr p50 %.1f us p99 %.1f us, cpu %.3f s/Gbit%s",
                s.tcpGbps(), s.tcpMultiGbps(), s.udpGbps(), s.udpLossPct(), s.rrP50Us(), s.rrP99Us(), s.cpuSecPerGbit(),
                Double.isNaN(s.syscallsPerPacket()) ? "" : String.format(java.util.Locale.ROOT, ", %.3f syscalls/packet", s.syscallsPerPacket()));
    }
}
