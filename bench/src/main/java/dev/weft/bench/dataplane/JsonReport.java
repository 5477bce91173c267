package dev.weft.bench.dataplane;

import dev.weft.cni.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** {@code dataplane.json}: the result as data; a figure that could not be measured is {@code null}. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(BenchResult r) {
        ObjectNode root = Json.object();
        root.put("benchmark", "dataplane: pod-to-pod throughput and latency per mode (draft-ietf-bmwg-containerized-infra)");
        ObjectNode machine = root.putObject("machine");
        machine.put("kernel", r.machine().kernel()).put("cpus", r.machine().cpus())
                .put("cpu_model", r.machine().cpuModel()).put("java", r.machine().java());
        root.put("seconds", r.seconds()).put("repeats", r.repeats());
        ObjectNode method = root.putObject("method");
        method.put("tcp", "iperf3 -t SECONDS, 1 stream; tcp_multi: -P 4; rate from end.sum_received");
        method.put("udp", "iperf3 -u -l " + Iperf.UDP_PAYLOAD + " -w " + Iperf.UDP_BUFFER + ": highest offered rate with <= "
                + UdpSearch.LOSS_TOLERANCE_PERCENT + "% loss (bisection of 1 s trials), confirmed over SECONDS");
        method.put("rr", "sockperf ping-pong --tcp -m " + Sockperf.MESSAGE + " --full-rtt, percentiles of the round trip");
        method.put("ratios", "median over repeats of (mode / its reference of the same repeat: underlay, or underlay-routed "
                + "for bgp); latency ratios > 1 are slower");
        ObjectNode modes = root.putObject("modes");
        for (ModeSummary m : r.modes()) {
            ObjectNode o = modes.putObject(m.mode().text());
            o.put("mtu", m.mtu()).put("reference", m.mode().reference().text());
            for (Metric k : Metric.values()) {
                put(o, k.key(), m.median(k));
            }
            put(o, "udp_loss_pct", m.udpLossPct());
            ObjectNode ratios = o.putObject("ratios");
            for (Metric k : Metric.values()) {
                put(ratios, k.ratioKey(), m.ratio(k));
            }
            var tcpRatios = o.putArray("tcp_ratio_per_repeat");
            m.tcpRatios().forEach(v -> tcpRatios.add(Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null));
            m.mode().goal().ifPresent(g -> o.put("goal_throughput_ratio", g));
            put(o, "cpu_s_per_gbit", dev.weft.bench.report.Stats.median(m.samples().stream().map(Sample::cpuSecPerGbit).toList()));
            put(o, "syscalls_per_packet", dev.weft.bench.report.Stats.median(m.samples().stream().map(Sample::syscallsPerPacket).toList()));
            r.modes().stream().filter(v -> v.mode() == Mode.VXLAN).findFirst().ifPresent(vx -> {
                ObjectNode toVxlan = o.putObject("ratios_to_vxlan");
                for (Metric k : Metric.values()) {
                    put(toVxlan, k.ratioKey(), RepeatRatios.medianRatio(m.samples(), vx.samples(), k));
                }
            });
            m.mode().vxlanGoal().ifPresent(g -> o.put("goal_tcp_ratio_to_vxlan", g));
            var samples = o.putArray("samples");
            for (Sample s : m.samples()) {
                ObjectNode so = samples.addObject();
                for (Metric k : Metric.values()) {
                    put(so, k.key(), s.get(k));
                }
                put(so, "udp_loss_pct", s.udpLossPct());
                put(so, "cpu_s_per_gbit", s.cpuSecPerGbit());
                put(so, "syscalls_per_packet", s.syscallsPerPacket());
            }
        }
        return Json.pretty(root) + "\n";
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, Math.round(v * 1000) / 1000.0);
        } else {
            o.putNull(key);
        }
    }
}
