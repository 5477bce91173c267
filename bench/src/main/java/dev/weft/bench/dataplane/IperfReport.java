package dev.weft.bench.dataplane;

import dev.weft.cni.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one iperf3 run ({@code -J}) reports: the rate the receiver got, the rate the sender sent
 * and, for UDP, the share of datagrams lost, from {@code end.sum_received} and {@code end.sum_sent};
 * the CPU iperf3 measured of itself at both ends ({@code end.cpu_utilization_percent.host_total}
 * and {@code remote_total}: user + system time over the run's duration, in percent of one CPU;
 * NaN when missing).
 */
public record IperfReport(double receivedBps, double sentBps, double lostPercent, double cpuHostPct, double cpuRemotePct) {

    public IperfReport(double receivedBps, double sentBps, double lostPercent) {
        this(receivedBps, sentBps, lostPercent, Double.NaN, Double.NaN);
    }

    public double receivedGbps() {
        return receivedBps / 1e9;
    }

    /**
     * Parses iperf3's JSON; a report carrying {@code error} (server busy, refused, ...) or no
     * end summary is an {@link IllegalArgumentException} with iperf3's own words.
     */
    public static IperfReport parse(String json) {
        int start = json.indexOf('{');
        if (start < 0) {
            throw new IllegalArgumentException("iperf3 printed no JSON: " + abbreviate(json));
        }
        ObjectNode root;
        try {
            root = Json.parseObject(json.substring(start), "iperf3 report");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("iperf3 printed unreadable JSON: " + abbreviate(json), e);
        }
        if (root.has("error")) {
            throw new IllegalArgumentException("iperf3: " + root.get("error").asString());
        }
        JsonNode received = root.path("end").path("sum_received");
        JsonNode sent = root.path("end").path("sum_sent");
        if (!received.has("bits_per_second") || !sent.has("bits_per_second")) {
            throw new IllegalArgumentException("iperf3 report has no end.sum_received/sum_sent: " + abbreviate(json));
        }
        JsonNode cpu = root.path("end").path("cpu_utilization_percent");
        return new IperfReport(received.path("bits_per_second").asDouble(), sent.path("bits_per_second").asDouble(),
                received.path("lost_percent").asDouble(0), cpu.path("host_total").asDouble(Double.NaN),
                cpu.path("remote_total").asDouble(Double.NaN));
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
