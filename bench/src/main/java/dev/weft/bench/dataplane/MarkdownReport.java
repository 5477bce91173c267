package dev.weft.bench.dataplane;

import dev.weft.bench.report.Stats;

import java.util.Locale;
import java.util.Optional;

/** {@code dataplane.md}: the results table, the goals with PASS/MISS, the charts and the method. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(BenchResult r) {
        StringBuilder b = new StringBuilder();
        b.append("# weft dataplane benchmark\n\n");
        b.append("Machine: Linux ").append(r.machine().kernel()).append(", ").append(r.machine().cpus())
                .append(" CPUs (").append(r.machine().cpuModel()).append("). ").append(r.seconds())
                .append(" s per run, ").append(r.repeats()).append(" repeats, medians shown.\n\n");
        table(b, r);
        goals(b, r);
        b.append("![throughput](dataplane-throughput.png)\n![latency](dataplane-latency.png)\n\n");
        cost(b, r);
        method(b, r);
        return b.toString();
    }

    private static void table(StringBuilder b, BenchResult r) {
        b.append("| mode | MTU | TCP Gbps | TCP ×4 Gbps | UDP Gbps (loss) | RR p50 µs | RR p99 µs "
                + "| ×TCP | ×TCP×4 | ×UDP | ×p50 | ×p99 |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModeSummary m : r.modes()) {
            b.append("| ").append(m.mode().text()).append(" | ").append(m.mtu())
                    .append(" | ").append(num(m.median(Metric.TCP), 2))
                    .append(" | ").append(num(m.median(Metric.TCP_MULTI), 2))
                    .append(" | ").append(num(m.median(Metric.UDP), 2)).append(" (").append(num(m.udpLossPct(), 1)).append(" %)")
                    .append(" | ").append(num(m.median(Metric.RR_P50), 1))
                    .append(" | ").append(num(m.median(Metric.RR_P99), 1));
            for (Metric k : Metric.values()) {
                b.append(" | ").append(num(m.ratio(k), 2));
            }
            b.append(" |\n");
        }
        b.append("\n×: median ratio to the underlay of the same repeat (latency: above 1 is slower); bgp's to "
                + "underlay-routed, node to node across the same router.\n\n");
    }

    private static void goals(StringBuilder b, BenchResult r) {
        b.append("## Goals (throughput ratio to the underlay)\n\n");
        b.append("| mode | goal | TCP | TCP ×4 | UDP | verdict | TCP ratio per repeat |\n|---|---:|---|---|---|---|---|\n");
        for (ModeSummary m : r.modes()) {
            if (m.mode().goal().isEmpty()) {
                continue;
            }
            b.append("| ").append(m.mode().text()).append(" | ≥ ").append(num(m.mode().goal().getAsDouble(), 2));
            boolean all = true;
            boolean any = false;
            for (Metric k : new Metric[] {Metric.TCP, Metric.TCP_MULTI, Metric.UDP}) {
                Optional<Boolean> ok = m.meets(k);
                all &= ok.orElse(false);
                any |= ok.isPresent();
                b.append(" | ").append(num(m.ratio(k), 3)).append(' ').append(ok.map(v -> v ? "PASS" : "MISS").orElse("n/a"));
            }
            b.append(" | ").append(!any ? "n/a" : all ? "**PASS**" : "**MISS**").append(" | ")
                    .append(String.join(", ", m.tcpRatios().stream().map(v -> num(v, 2)).toList())).append(" |\n");
        }
        b.append("\nA mode passes when every throughput metric reaches its goal. The last column shows how far the "
                + "repeats disagree: a verdict within that spread is not settled by this run.\n\n");
    }

    /**
     * CPU per gigabit for every mode, and for the udp overlays their ratio to kernel VXLAN of the
     * same repeat and system calls per packet; only when the run has a udp mode or CPU figures.
     */
    private static void cost(StringBuilder b, BenchResult r) {
        if (r.modes().stream().allMatch(m -> m.samples().stream().allMatch(s -> Double.isNaN(s.cpuSecPerGbit())))) {
            return;
        }
        ModeSummary vxlan = r.modes().stream().filter(m -> m.mode() == Mode.VXLAN).findFirst().orElse(null);
        b.append("## Cost (CPU per gigabit) and the userspace overlays against kernel VXLAN\n\n");
        b.append("| mode | CPU s/Gbit (TCP 1 stream) | syscalls/packet | ×VXLAN TCP | ×VXLAN TCP×4 | ×VXLAN UDP | goal ×VXLAN TCP |\n");
        b.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (ModeSummary m : r.modes()) {
            b.append("| ").append(m.mode().text())
                    .append(" | ").append(num(Stats.median(m.samples().stream().map(Sample::cpuSecPerGbit).toList()), 3))
                    .append(" | ").append(num(Stats.median(m.samples().stream().map(Sample::syscallsPerPacket).toList()), 3));
            for (Metric k : new Metric[] {Metric.TCP, Metric.TCP_MULTI, Metric.UDP}) {
                b.append(" | ").append(vxlan == null ? "–" : num(RepeatRatios.medianRatio(m.samples(), vxlan.samples(), k), 2));
            }
            double vx = vxlan == null ? Double.NaN : RepeatRatios.medianRatio(m.samples(), vxlan.samples(), Metric.TCP);
            b.append(" | ").append(m.mode().vxlanGoal().isEmpty() ? "" : "≥ " + num(m.mode().vxlanGoal().getAsDouble(), 2) + " "
                    + (Double.isNaN(vx) ? "n/a" : vx >= m.mode().vxlanGoal().getAsDouble() ? "**PASS**" : "**MISS**")).append(" |\n");
        }
        b.append("\nCPU: iperf3's own CPU at both ends (user + system, as iperf3 reports it: the kernel's TCP/IP, veth "
                + "and VXLAN work in their context) plus the udp datapath processes' (/proc/PID/stat, both nodes) during "
                + "the one-stream TCP run, per gigabit received; softirq work outside those processes is not counted. Syscalls per packet: the udp datapath processes' "
                + "system calls (TUN reads and writes, UDP sends and receives, polls) per packet they moved in that run, both nodes.\n\n");
    }

    private static void method(StringBuilder b, BenchResult r) {
        b.append("## Method\n\n");
        b.append("After draft-ietf-bmwg-containerized-infra: each mode is a pod-to-pod path on a lab cluster of "
                + "network namespaces (underlay = node to node over the same fabric, the reference). For each of "
                + r.repeats() + " repeats the modes run in a rotated order, each metric once:\n\n");
        b.append("- TCP: `iperf3 -t ").append(r.seconds()).append("` one stream and `-P 4`; the receiver's rate.\n");
        b.append("- UDP: `iperf3 -u -l ").append(Iperf.UDP_PAYLOAD).append(" -w ").append(Iperf.UDP_BUFFER).append("`, the highest offered rate losing at most ")
                .append(num(UdpSearch.LOSS_TOLERANCE_PERCENT, 0)).append(" % (bisection of 1 s trials below the "
                        + "sender's maximum), confirmed by one ").append(r.seconds()).append(" s run; its received rate and loss.\n");
        b.append("- Latency: `sockperf ping-pong --tcp -m ").append(Sockperf.MESSAGE)
                .append(" --full-rtt` for ").append(r.seconds()).append(" s; p50 and p99 of the round trip.\n");
        b.append("- Medians over repeats; ratios are taken per repeat against that repeat's underlay, then the median.\n");
    }

    static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
    }
}
