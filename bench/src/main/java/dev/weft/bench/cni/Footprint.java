package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents' memory through the run: resident set (VmRSS) and threads at idle (served, no call
 * yet), after the warm-up and after each pod count's ADD/DEL churn, the peak (VmHWM), and the
 * JVM's own account (NMT summary, when the agent's flags turn {@code -XX:NativeMemoryTracking} on).
 * With a second agent on other flags ({@code --agent-jvm-before}) both are sampled at the same
 * moments, side by side, and each one's in-agent ADD is reported.
 */
final class Footprint {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One agent under watch: its row, its flags, its process. */
    record Agent(String row, List<String> flags, AgentProcess process) {
    }

    private final List<Agent> agents;
    private final Map<String, ObjectNode> samples = new LinkedHashMap<>();
    private final Map<String, ObjectNode> inAgentAdd = new LinkedHashMap<>();
    private final Map<String, String> nmt = new LinkedHashMap<>();

    Footprint(List<Agent> agents) {
        this.agents = List.copyOf(agents);
        agents.forEach(a -> {
            samples.put(a.row(), JSON.createObjectNode());
            inAgentAdd.put(a.row(), JSON.createObjectNode());
        });
    }

    /** Every agent's VmRSS and threads now, under {@code when} ("idle", "after_warmup", "after_110_pods"). */
    void sample(String when, PrintStream log) throws IOException {
        for (Agent a : agents) {
            double rss = a.process().rssMb();
            samples.get(a.row()).putObject(when).put("rss_mb", Report.round(rss)).put("threads", a.process().threads());
            log.printf("agent %s: %s, VmRSS %.1f MB, %d threads%n", a.row(), when, rss, a.process().threads());
        }
    }

    /** Every agent's in-agent ADD of weft-bridge for the container IDs starting with {@code prefix}. */
    void inAgentAdd(int pods, String prefix) {
        for (Agent a : agents) {
            Latencies l = a.process().addTimes(prefix);
            inAgentAdd.get(a.row()).putObject(Integer.toString(pods)).put("p50_ms", Report.round(l.percentile(50)))
                    .put("p99_ms", Report.round(l.percentile(99))).put("samples", l.count());
        }
    }

    /** The NMT summary of every agent whose flags turn it on. */
    void nativeMemory(Path javaHome, PrintStream log) throws IOException, InterruptedException {
        for (Agent a : agents) {
            if (a.flags().stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking="))) {
                String summary = a.process().nativeMemorySummary(javaHome);
                nmt.put(a.row(), summary);
                log.println("agent " + a.row() + ": native memory summary\n" + summary);
            }
        }
    }

    void addTo(ObjectNode json) throws IOException {
        var arr = json.putArray("agent_footprint");
        for (Agent a : agents) {
            ObjectNode o = arr.addObject().put("row", a.row()).put("jvm_flags", String.join(" ", a.flags()))
                    .put("peak_rss_mb", Report.round(a.process().peakRssMb()));
            o.set("samples", samples.get(a.row()));
            o.set("in_agent_add", inAgentAdd.get(a.row()));
            if (nmt.containsKey(a.row())) {
                o.put("nmt_summary", nmt.get(a.row()));
            }
        }
    }

    /** The report's lines: per agent, its flags, its resident set at each moment and its in-agent ADD. */
    static String table(JsonNode json) {
        if (!json.has("agent_footprint")) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format("%nagent footprint (VmRSS, threads)%n"));
        for (JsonNode a : json.get("agent_footprint")) {
            b.append(String.format("%-18s %s%n", a.get("row").asString(), a.get("jvm_flags").asString()));
            a.get("samples").properties().forEach(e -> b.append(String.format("  %-16s %7.1f MB  %3d threads%n",
                    e.getKey(), e.getValue().get("rss_mb").asDouble(), e.getValue().get("threads").asInt())));
            b.append(String.format("  %-16s %7.1f MB%n", "peak (VmHWM)", a.get("peak_rss_mb").asDouble()));
            a.get("in_agent_add").properties().forEach(e -> b.append(String.format(
                    "  in-agent ADD, %s pods: p50 %.2f ms, p99 %.2f ms%n", e.getKey(),
                    e.getValue().get("p50_ms").asDouble(), e.getValue().get("p99_ms").asDouble())));
        }
        return b.toString();
    }
}
