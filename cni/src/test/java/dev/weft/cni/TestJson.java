package dev.weft.cni;

import dev.weft.cni.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: resources and JSON trees. */
public final class TestJson {
    private TestJson() {
    }

    public static byte[] resource(String name) {
        try (InputStream in = TestJson.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode resourceTree(String name) {
        return (ObjectNode) Json.mapper().readTree(resource(name));
    }

    /** Parses a test literal; single quotes stand for double quotes to keep Java strings readable. */
    public static ObjectNode tree(String json) {
        return (ObjectNode) Json.mapper().readTree(json.replace('\'', '"'));
    }

    public static JsonNode anyTree(String json) {
        return Json.mapper().readTree(json.replace('\'', '"'));
    }

    public static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
