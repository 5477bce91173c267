package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.cni.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** The bench's result: {@code cni.json} and the table printed beside it. */
public final class Report {
    public static final String REFERENCE = "reference";

    private Report() {
    }

    static ObjectNode json(List<Impl> impls, Map<String, Latencies> add, Map<String, Latencies> del, Map<String, Double> burst,
                           Map<String, Integer> burstFailures, Map<String, Double> rss, double agentRssMb,
                           Latencies agentCold, CniBench.Settings s) {
        ObjectNode root = Json.object();
        root.put("benchmark", s.dhcp() ? "CNI ADD/DEL with DHCP IPAM (dnsmasq): weft-dhcp fast path and JVM path,"
                + " reference bridge + dhcp with its daemon; host-local beside them"
                : "CNI ADD/DEL: weft fast path, weft JVM path, reference bridge + host-local");
        root.put("ipam", s.ipam());
        root.put("pods", s.pods()).put("burst", s.burst()).put("agent_warmup", s.agentWarmup());
        root.put("machine", dev.weft.bench.report.Machine.current().describe());
        ObjectNode byImpl = root.putObject("implementations");
        for (Impl im : impls) {
            String n = im.name();
            byImpl.putObject(n).put("add_p50_ms", round(add.get(n).percentile(50)))
                    .put("add_p99_ms", round(add.get(n).percentile(99)))
                    .put("del_p50_ms", round(del.get(n).percentile(50)))
                    .put("del_p99_ms", round(del.get(n).percentile(99)))
                    .put("burst100_s", round(burst.get(n)))
                    .put("burst100_failed", burstFailures.getOrDefault(n, 0))
                    .put("peak_rss_mb", round(rss.get(n)))
                    .put("samples", add.get(n).count());
        }
        ((ObjectNode) byImpl.get(CniBench.SHIM)).put("agent_peak_rss_mb", round(agentRssMb))
                .put("agent_cold_add_ms", round(agentCold.percentile(50)));
        ObjectNode ratios = root.putObject("ratios_to_reference");
        for (Impl im : impls) {
            // with --ipam dhcp, host-local rows are compared with the reference host-local, DHCP rows with its dhcp
            String refName = s.dhcp() && im.dhcpSocket() == null ? REFERENCE + "-host-local" : REFERENCE;
            if (im.name().equals(refName) || im.name().equals(REFERENCE)) {
                continue;
            }
            ObjectNode ref = (ObjectNode) byImpl.get(refName);
            ObjectNode mine = (ObjectNode) byImpl.get(im.name());
            ObjectNode r = ratios.putObject(im.name());
            for (String k : List.of("add_p50_ms", "add_p99_ms", "del_p50_ms", "del_p99_ms", "burst100_s", "peak_rss_mb")) {
                r.put(k.replaceAll("_(ms|s|mb)$", ""), round(mine.get(k).asDouble() / ref.get(k).asDouble()));
            }
        }
        ObjectNode shim = (ObjectNode) ratios.get(CniBench.SHIM);
        if (s.dhcp()) {
            root.putObject("goal").put("text", "weft-dhcp fast path <= 0.5x the reference dhcp on ADD p50")
                    .put("met", shim.get("add_p50").asDouble() <= 0.5);
            return root;
        }
        root.putObject("goal").put("text", "shim path <= 0.5x the reference on ADD p50, DEL p50 and the burst")
                .put("met", shim.get("add_p50").asDouble() <= 0.5 && shim.get("del_p50").asDouble() <= 0.5
                        && shim.get("burst100").asDouble() <= 0.5);
        return root;
    }

    public static String table(ObjectNode json) {
        StringBuilder b = new StringBuilder(String.format("%-20s %9s %9s %9s %9s %10s %9s%n", "impl", "add p50", "add p99",
                "del p50", "del p99", "burst100", "peak RSS"));
        json.get("implementations").properties().forEach(e -> {
            var v = e.getValue();
            b.append(String.format("%-20s %7.1fms %7.1fms %7.1fms %7.1fms %9.2fs %7.1fMB%n", e.getKey(),
                    v.get("add_p50_ms").asDouble(), v.get("add_p99_ms").asDouble(), v.get("del_p50_ms").asDouble(),
                    v.get("del_p99_ms").asDouble(), v.get("burst100_s").asDouble(), v.get("peak_rss_mb").asDouble()));
        });
        json.get("ratios_to_reference").properties().forEach(e -> b.append(String.format(
                "%-20s / reference: add p50 %.2fx, del p50 %.2fx, burst %.2fx, RSS %.2fx%n", e.getKey(),
                e.getValue().get("add_p50").asDouble(), e.getValue().get("del_p50").asDouble(),
                e.getValue().get("burst100").asDouble(), e.getValue().get("peak_rss").asDouble())));
        json.get("implementations").properties().forEach(e -> {
            if (e.getValue().get("burst100_failed").asInt() > 0) {
                b.append(e.getKey()).append(": ").append(e.getValue().get("burst100_failed").asInt())
                        .append(" ADDs of the burst failed (timed out)\n");
            }
        });
        JsonNode agent = json.get("implementations").get(CniBench.SHIM);
        b.append("agent (serving the shim) peak RSS: ").append(agent.get("agent_peak_rss_mb").asDouble())
                .append(" MB; its first ADDs after starting (p50 of 5, before ").append(json.get("agent_warmup").asInt())
                .append(" warm-up ADD/DELs): ").append(agent.get("agent_cold_add_ms").asDouble()).append(" ms\n");
        b.append("goal (").append(json.get("goal").get("text").asString()).append("): ")
                .append(json.get("goal").get("met").asBoolean() ? "MET" : "NOT MET").append('\n');
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
