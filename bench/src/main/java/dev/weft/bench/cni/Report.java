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
        root.put("benchmark", "CNI ADD/DEL: weft fast path, weft JVM path, reference bridge + host-local");
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
        ObjectNode ref = (ObjectNode) byImpl.get(REFERENCE);
        for (Impl im : impls) {
            if (im.name().equals(REFERENCE)) {
                continue;
            }
            ObjectNode mine = (ObjectNode) byImpl.get(im.name());
            ObjectNode r = ratios.putObject(im.name());
            for (String k : List.of("add_p50_ms", "add_p99_ms", "del_p50_ms", "del_p99_ms", "burst100_s", "peak_rss_mb")) {
                r.put(k.replaceAll("_(ms|s|mb)$", ""), round(mine.get(k).asDouble() / ref.get(k).asDouble()));
            }
        }
        ObjectNode shim = (ObjectNode) ratios.get(CniBench.SHIM);
        root.putObject("goal").put("text", "shim path <= 0.5x the reference on ADD p50, DEL p50 and the burst")
                .put("met", shim.get("add_p50").asDouble() <= 0.5 && shim.get("del_p50").asDouble() <= 0.5
                        && shim.get("burst100").asDouble() <= 0.5);
        return root;
    }

    /**
     * The chain figures ({@link ChainBench}): ADD and DEL p50/p99 of each chain and the fast path's
     * p50 ratios to the reference chain, with the goal of at most 0.5x.
     */
    static void addChains(ObjectNode root, ChainBench.Figures f) {
        ObjectNode chains = root.putObject("chains");
        chains.put("text", "bridge + portmap + bandwidth + tuning: weft's through the fast path, the reference's");
        f.add().forEach((name, lat) -> chains.putObject(name).put("add_p50_ms", round(lat.percentile(50)))
                .put("add_p99_ms", round(lat.percentile(99))).put("del_p50_ms", round(f.del().get(name).percentile(50)))
                .put("del_p99_ms", round(f.del().get(name).percentile(99))).put("samples", lat.count()));
        JsonNode shim = chains.get(CniBench.SHIM);
        JsonNode ref = chains.get(REFERENCE);
        double addRatio = round(shim.get("add_p50_ms").asDouble() / ref.get("add_p50_ms").asDouble());
        double delRatio = round(shim.get("del_p50_ms").asDouble() / ref.get("del_p50_ms").asDouble());
        chains.putObject("ratios_to_reference").put("add_p50", addRatio).put("del_p50", delRatio);
        chains.putObject("goal").put("text", "chain through the fast path <= 0.5x the reference chain on ADD p50 and DEL p50")
                .put("met", addRatio <= 0.5 && delRatio <= 0.5);
    }

    public static String table(ObjectNode json) {
        StringBuilder b = new StringBuilder(String.format("%-10s %9s %9s %9s %9s %10s %9s%n", "impl", "add p50", "add p99",
                "del p50", "del p99", "burst100", "peak RSS"));
        json.get("implementations").properties().forEach(e -> {
            var v = e.getValue();
            b.append(String.format("%-10s %7.1fms %7.1fms %7.1fms %7.1fms %9.2fs %7.1fMB%n", e.getKey(),
                    v.get("add_p50_ms").asDouble(), v.get("add_p99_ms").asDouble(), v.get("del_p50_ms").asDouble(),
                    v.get("del_p99_ms").asDouble(), v.get("burst100_s").asDouble(), v.get("peak_rss_mb").asDouble()));
        });
        json.get("ratios_to_reference").properties().forEach(e -> b.append(String.format(
                "%-10s / reference: add p50 %.2fx, del p50 %.2fx, burst %.2fx, RSS %.2fx%n", e.getKey(),
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
        JsonNode chains = json.get("chains");
        if (chains != null) {
            b.append("chain (").append(chains.get("text").asString()).append("):\n");
            for (String name : List.of(CniBench.SHIM, REFERENCE)) {
                JsonNode c = chains.get(name);
                b.append(String.format("%-10s %7.1fms add p50 %7.1fms add p99 %7.1fms del p50 %7.1fms del p99%n", name,
                        c.get("add_p50_ms").asDouble(), c.get("add_p99_ms").asDouble(), c.get("del_p50_ms").asDouble(),
                        c.get("del_p99_ms").asDouble()));
            }
            JsonNode r = chains.get("ratios_to_reference");
            b.append(String.format("chain %s / reference: add p50 %.2fx, del p50 %.2fx; goal: %s%n", CniBench.SHIM,
                    r.get("add_p50").asDouble(), r.get("del_p50").asDouble(),
                    chains.get("goal").get("met").asBoolean() ? "MET" : "NOT MET"));
        }
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
