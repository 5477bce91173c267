package dev.weft.overlay.udp.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The medians over rounds of {@link UdpOverlayBench}, and each mode's TCP throughput against VXLAN's of the same round. */
final class BenchSummary {
    private BenchSummary() {
    }

    @SuppressWarnings("unchecked")
    private static double num(Map<String, Object> row, String test, String key) {
        Object v = ((Map<String, Object>) row.get(test)).get(key);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String med(List<Map<String, Object>> rows, Function<Map<String, Object>, Double> f) {
        double m = median(rows.stream().map(f).toList());
        return Double.isNaN(m) ? "-" : String.format("%.3g", m);
    }

    /** Ratio of {@code test}'s throughput to VXLAN's in the same round, median over rounds. */
    private static String paired(List<Map<String, Object>> all, List<Map<String, Object>> rows, String test) {
        return med(rows, r -> all.stream().filter(v -> v.get("mode").equals("vxlan (kernel)") && v.get("round").equals(r.get("round")))
                .findFirst().map(v -> num(r, test, "gbps") / num(v, test, "gbps")).orElse(Double.NaN));
    }

    static String table(List<Map<String, Object>> all, List<String> modes) {
        StringBuilder b = new StringBuilder("| datapath | TCP 1 stream Gbit/s (÷ VXLAN) | TCP 4 streams Gbit/s (÷ VXLAN) | UDP Gbit/s"
                + " | ping p50/p99 µs | datapath CPU s/Gbit TCP 1 | total CPU s/Gbit TCP 1 | syscalls/packet sender/receiver node TCP 1 |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String mode : modes) {
            String name = mode.equals("vxlan") ? "vxlan (kernel)" : "udp-" + mode;
            List<Map<String, Object>> rows = all.stream().filter(r -> r.get("mode").equals(name)).toList();
            if (rows.isEmpty()) {
                continue;
            }
            b.append("| ").append(name).append(" | ")
                    .append(med(rows, r -> num(r, "tcp1", "gbps"))).append(" (").append(paired(all, rows, "tcp1")).append(") | ")
                    .append(med(rows, r -> num(r, "tcp4", "gbps"))).append(" (").append(paired(all, rows, "tcp4")).append(") | ")
                    .append(med(rows, r -> num(r, "udp", "gbps"))).append(" | ")
                    .append(med(rows, r -> num(r, "ping", "p50_us"))).append('/').append(med(rows, r -> num(r, "ping", "p99_us"))).append(" | ")
                    .append(med(rows, r -> num(r, "tcp1", "datapath_cpu_s_per_gbit"))).append(" | ")
                    .append(med(rows, r -> num(r, "tcp1", "total_cpu_s_per_gbit"))).append(" | ")
                    .append(med(rows, r -> num(r, "tcp1", "syscalls_per_packet_tx"))).append('/')
                    .append(med(rows, r -> num(r, "tcp1", "syscalls_per_packet_rx"))).append(" |\n");
        }
        return b.toString();
    }
}
