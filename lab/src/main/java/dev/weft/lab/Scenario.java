package dev.weft.lab;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy truth-table scenario ({@code weft lab verify}): namespaces with labels, pods with
 * labels, and steps: {@code apply} a manifest, {@code label} a namespace or pod, {@code delete}
 * a policy, {@code expect} a matrix for one port and protocol (rows from, columns to; {@code .}
 * allowed, {@code X} blocked).
 */
public record Scenario(String name, Map<String, Map<String, String>> namespaces, List<PodSpec> pods, List<Step> steps) {

    public record PodSpec(String name, Map<String, String> labels) {
    }

    public sealed interface Step {
    }

    public record Apply(String manifest) implements Step {
    }

    /** Exactly one of {@code namespace} and {@code pod} is set. */
    public record Label(String namespace, String pod, Map<String, String> labels) implements Step {
    }

    public record Delete(String policy) implements Step {
    }

    public record Expect(int port, String protocol, List<String> pods, List<List<Boolean>> allowed) implements Step {
    }

    public static Scenario parse(String yaml) {
        JsonNode root = YAMLMapper.builder().build().readTree(yaml);
        String name = text(root, "name");
        Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
        root.path("namespaces").properties().forEach(e -> namespaces.put(e.getKey(), labels(e.getValue(), "namespaces." + e.getKey())));
        List<PodSpec> pods = new ArrayList<>();
        int i = 0;
        for (JsonNode p : root.path("pods")) {
            String pn = text(p, "name");
            if (!pn.contains("/")) {
                throw new IllegalArgumentException("pods[" + i + "].name \"" + pn + "\": expected NAMESPACE/NAME");
            }
            pods.add(new PodSpec(pn, labels(p.path("labels"), "pods[" + i + "].labels")));
            i++;
        }
        List<Step> steps = new ArrayList<>();
        i = 0;
        for (JsonNode s : root.path("steps")) {
            steps.add(step(s, "steps[" + i++ + "]"));
        }
        if (pods.isEmpty() || steps.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + ": needs pods and steps");
        }
        return new Scenario(name, namespaces, pods, steps);
    }

    private static Step step(JsonNode s, String path) {
        if (s.has("apply")) {
            return new Apply(s.get("apply").asString());
        }
        if (s.has("delete")) {
            return new Delete(s.get("delete").asString());
        }
        if (s.has("label")) {
            JsonNode l = s.get("label");
            Label label = new Label(l.path("namespace").asString(null), l.path("pod").asString(null),
                    labels(l.path("labels"), path + ".label.labels"));
            if ((label.namespace() == null) == (label.pod() == null)) {
                throw new IllegalArgumentException(path + ".label: give exactly one of namespace and pod");
            }
            return label;
        }
        if (s.has("expect")) {
            JsonNode e = s.get("expect");
            return matrix(e.path("port").asInt(0), e.path("protocol").asString("TCP"), text(e, "matrix"), path + ".expect");
        }
        throw new IllegalArgumentException(path + ": expected one of apply, label, delete, expect");
    }

    /** Parses the matrix text: a header row ("-" then the pod names), then one row per pod. */
    static Expect matrix(int port, String protocol, String text, String path) {
        List<String[]> rows = text.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")).toList();
        if (rows.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException(path + ": needs a port and a matrix");
        }
        List<String> pods = List.of(rows.getFirst()).subList(1, rows.getFirst().length);
        List<List<Boolean>> allowed = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length != pods.size() + 1 || !row[0].equals(pods.get(r - 1))) {
                throw new IllegalArgumentException(path + ".matrix row " + r + ": expected " + pods.get(Math.min(r - 1, pods.size() - 1))
                        + " and " + pods.size() + " marks");
            }
            List<Boolean> line = new ArrayList<>();
            for (int c = 1; c < row.length; c++) {
                if (!row[c].equals(".") && !row[c].equals("X")) {
                    throw new IllegalArgumentException(path + ".matrix row " + r + ": mark \"" + row[c] + "\" is not . or X");
                }
                line.add(row[c].equals("."));
            }
            allowed.add(line);
        }
        if (allowed.size() != pods.size()) {
            throw new IllegalArgumentException(path + ".matrix: " + pods.size() + " columns but " + allowed.size() + " rows");
        }
        return new Expect(port, protocol.toUpperCase(java.util.Locale.ROOT), pods, allowed);
    }

    private static String text(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            throw new IllegalArgumentException("scenario: field \"" + field + "\" is required");
        }
        return n.get(field).asString();
    }

    private static Map<String, String> labels(JsonNode n, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(path + ": expected a map of labels");
        }
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }
}
