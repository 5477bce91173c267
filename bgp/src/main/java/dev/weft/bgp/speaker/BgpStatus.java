package dev.weft.bgp.speaker;

import dev.weft.bgp.bird.SessionState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node's BGP status at {@code at}: whether its BIRD runs, its sessions, and the last problem
 * (a refused configuration, a BIRD that died). {@link #table} renders several nodes for
 * {@code weft bgp status}; {@link #toJson}/{@link #fromJson} carry it through the agent's status file.
 */
public record BgpStatus(String node, boolean running, List<SessionStatus> sessions, Optional<String> problem, Instant at) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public BgpStatus {
        sessions = List.copyOf(sessions);
    }

    /** The sessions in {@code state}. */
    public List<SessionStatus> in(SessionState state) {
        return sessions.stream().filter(s -> s.state() == state).toList();
    }

    /** A table of every session of every node, one row each; a node without sessions gets a row saying why. */
    public static String table(List<BgpStatus> nodes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "SESSION", "KIND", "ROLE", "NEIGHBOR", "AS", "STATE", "UPTIME", "ROUTES", "INFO"});
        for (BgpStatus n : nodes) {
            if (n.sessions.isEmpty()) {
                rows.add(new String[] {n.node, "-", "-", "-", "-", "-", n.running ? "no sessions" : "bird not running",
                        "-", "-", n.problem.orElse("")});
            }
            for (SessionStatus s : n.sessions) {
                rows.add(new String[] {n.node, s.name(), s.kind(), s.role(), s.neighbor(), Long.toString(s.asn()),
                        s.state().label(), s.uptime(n.at).map(BgpStatus::duration).orElse("-"),
                        Long.toString(s.routesLearned()), s.info()});
            }
        }
        return Table.render(rows);
    }

    /** "45s", "12m05s", "3h02m", "4d07h". */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("node", node).put("running", running).put("at", at.toString());
        problem.ifPresent(p -> o.put("problem", p));
        ArrayNode a = o.putArray("sessions");
        for (SessionStatus s : sessions) {
            ObjectNode j = a.addObject();
            j.put("name", s.name()).put("kind", s.kind()).put("role", s.role()).put("neighbor", s.neighbor())
                    .put("as", s.asn()).put("state", s.state().label());
            s.since().ifPresent(t -> j.put("since", t.toString()));
            s.uptime(at).ifPresent(u -> j.put("uptimeSeconds", u.toSeconds()));
            j.put("routesLearned", s.routesLearned()).put("info", s.info());
        }
        return o;
    }

    public static BgpStatus fromJson(JsonNode o) {
        List<SessionStatus> sessions = new ArrayList<>();
        for (JsonNode j : o.path("sessions")) {
            sessions.add(new SessionStatus(j.path("name").asString(), j.path("kind").asString(), j.path("role").asString(),
                    j.path("neighbor").asString(), j.path("as").asLong(), SessionState.fromBird(j.path("state").asString()),
                    j.hasNonNull("since") ? Optional.of(Instant.parse(j.get("since").asString())) : Optional.empty(),
                    j.path("routesLearned").asLong(), j.path("info").asString()));
        }
        return new BgpStatus(o.path("node").asString(), o.path("running").asBoolean(), sessions,
                o.hasNonNull("problem") ? Optional.of(o.get("problem").asString()) : Optional.empty(),
                Instant.parse(o.path("at").asString()));
    }

    /** A JSON array of nodes, for {@code weft bgp status --json}. */
    public static String json(List<BgpStatus> nodes) {
        ArrayNode a = JSON.createArrayNode();
        nodes.forEach(n -> a.add(n.toJson()));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a);
    }
}
