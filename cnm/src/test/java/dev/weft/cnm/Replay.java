package dev.weft.cnm;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorded request sequence (JSON lines under {@code replays/}): each line a path, the request
 * (a JSON value, or a string sent as raw bytes), the expected status and response. A response
 * string of the form {@code *text*} matches any message containing {@code text}.
 */
final class Replay {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Step(int line, String path, byte[] request, int status, JsonNode response) {
    }

    static List<Step> load(String name) {
        List<Step> steps = new ArrayList<>();
        try (InputStream in = Replay.class.getResourceAsStream("/replays/" + name)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(lines[i]);
                if (n.has("note")) {
                    continue;
                }
                JsonNode req = n.get("request");
                byte[] body = req.isString() ? req.asString().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(req);
                steps.add(new Step(i + 1, n.get("path").asString(), body, n.get("status").asInt(), n.get("response")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return steps;
    }

    /** Sends every step to {@code socket} and checks status, content type and body. */
    static void run(Path socket, String name) {
        for (Step s : load(name)) {
            UnixHttp.Answer a = UnixHttp.post(socket, s.path(), s.request());
            String where = name + ":" + s.line() + " " + s.path() + " answered " + a.status() + " " + a.body();
            assertThat(a.status()).as(where).isEqualTo(s.status());
            assertThat(a.contentType()).as(where).startsWith("application/vnd.docker.plugins.v1.2+json");
            matches(JSON.readTree(a.body()), s.response(), where);
        }
    }

    private static void matches(JsonNode actual, JsonNode expected, String where) {
        if (expected.isString() && expected.asString().length() > 1 && expected.asString().startsWith("*")
                && expected.asString().endsWith("*")) {
            String part = expected.asString().substring(1, expected.asString().length() - 1);
            assertThat(actual.isString() ? actual.asString() : actual.toString()).as(where).contains(part);
            return;
        }
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(where).isTrue();
            assertThat(names(actual)).as(where).containsExactlyInAnyOrderElementsOf(names(expected));
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                matches(actual.get(e.getKey()), e.getValue(), where + " ." + e.getKey());
            }
            return;
        }
        assertThat(actual).as(where).isEqualTo(expected);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.propertyNames().iterator();
        it.forEachRemaining(out::add);
        return out;
    }
}
