package dev.weft.doctor;

import dev.weft.doctor.advice.Advice;
import dev.weft.doctor.advice.Backend;
import dev.weft.doctor.advice.Reason;
import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.Status;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One node's result: the environment probes, the advice, and the checks of the running cluster.
 * Rendered as a checklist (✓/✗/⚠, the fix under each ✗ and ⚠) or as JSON, and read back from
 * JSON (a lab's doctor runs one process per node and gathers their answers).
 */
public record Report(String node, List<Finding> environment, Advice advice, List<Finding> cluster) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Report {
        environment = List.copyOf(environment);
        cluster = List.copyOf(cluster);
    }

    /** Anything ✗: the exit code is 1. */
    public boolean failed() {
        return environment.stream().anyMatch(f -> f.status() == Status.FAIL) || cluster.stream().anyMatch(f -> f.status() == Status.FAIL);
    }

    public String text() {
        StringBuilder b = new StringBuilder("weft doctor: node ").append(node).append('\n');
        section(b, "environment", environment);
        b.append("advice: ").append(advice.backendText()).append('\n');
        int i = 1;
        for (Reason r : advice.reasons()) {
            b.append("  ").append(i++).append(". ").append(r.text()).append('\n');
        }
        section(b, "cluster", cluster);
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        b.append(title).append('\n');
        int width = findings.stream().mapToInt(f -> f.name().length()).max().orElse(0);
        for (Finding f : findings) {
            b.append("  ").append(f.status().mark()).append(' ').append(f.name())
                    .append(" ".repeat(width - f.name().length() + 2)).append(f.observed()).append('\n');
            if (!f.fix().isEmpty() && (f.status() == Status.FAIL || f.status() == Status.WARN)) {
                b.append("      fix: ").append(f.fix()).append('\n');
            }
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("node", node).put("failed", failed());
        findings(o.putArray("environment"), environment);
        ObjectNode a = o.putObject("advice");
        a.put("backend", advice.backendText());
        ArrayNode rs = a.putArray("reasons");
        for (Reason r : advice.reasons()) {
            rs.addObject().put("backend", r.backend().text()).put("accepted", r.accepted()).put("probe", r.probe())
                    .put("why", r.why()).put("measured", r.measured()).put("text", r.text());
        }
        findings(o.putArray("cluster"), cluster);
        return o;
    }

    private static void findings(ArrayNode a, List<Finding> fs) {
        fs.forEach(f -> a.addObject().put("name", f.name()).put("status", f.status().name().toLowerCase(Locale.ROOT))
                .put("mark", f.status().mark()).put("observed", f.observed()).put("fix", f.fix()));
    }

    public static Report fromJson(JsonNode o) {
        List<Reason> reasons = new ArrayList<>();
        for (JsonNode r : o.path("advice").path("reasons")) {
            reasons.add(new Reason(backend(r.path("backend").asString()).orElseThrow(), r.path("accepted").asBoolean(),
                    r.path("probe").asString(), r.path("why").asString(), r.path("measured").asString()));
        }
        Advice advice = new Advice(backend(o.path("advice").path("backend").asString()), reasons);
        return new Report(o.path("node").asString(), findings(o.path("environment")), advice, findings(o.path("cluster")));
    }

    private static List<Finding> findings(JsonNode a) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode f : a) {
            out.add(new Finding(f.path("name").asString(), Status.valueOf(f.path("status").asString().toUpperCase(Locale.ROOT)),
                    f.path("observed").asString(), f.path("fix").asString()));
        }
        return out;
    }

    private static Optional<Backend> backend(String text) {
        for (Backend b : Backend.values()) {
            if (b.text().equals(text)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    public static String json(List<Report> reports) {
        ArrayNode a = JSON.createArrayNode();
        reports.forEach(r -> a.add(r.toJson()));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a);
    }

    public static List<Report> parse(String json) {
        List<Report> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(json)) {
            out.add(fromJson(n));
        }
        return out;
    }
}
