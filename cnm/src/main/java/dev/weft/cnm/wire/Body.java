package dev.weft.cnm.wire;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request's JSON object, read field by field; a missing or mistyped field is a
 * {@link CnmException#malformed} naming it. An empty body reads as {@code {}} (Docker sends no
 * payload to {@code Plugin.Activate} and the {@code GetCapabilities} calls).
 */
public final class Body {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectNode node;
    private final String path;

    private Body(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses {@code bytes}; anything but a JSON object (or nothing) is malformed. */
    public static Body parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new Body(JSON.createObjectNode(), "");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JacksonException e) {
            throw CnmException.malformed("request body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw CnmException.malformed("request body must be a JSON object");
        }
        return new Body((ObjectNode) n, "");
    }

    public static Body of(ObjectNode node) {
        return new Body(node, "");
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A string field; null and "" read as absent. */
    public Optional<String> string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw CnmException.malformed("field \"" + name(field) + "\" must be a string");
        }
        return v.asString().isEmpty() ? Optional.empty() : Optional.of(v.asString());
    }

    public String required(String field) {
        return string(field).orElseThrow(() -> CnmException.malformed("field \"" + name(field) + "\" is required"));
    }

    /** A string field parsed by {@code parser}; a parse failure names the field. */
    public <T> Optional<T> parsed(String field, Function<String, T> parser) {
        return string(field).map(s -> {
            try {
                return parser.apply(s);
            } catch (IllegalArgumentException e) {
                throw CnmException.malformed("field \"" + name(field) + "\": " + e.getMessage(), e);
            }
        });
    }

    public boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw CnmException.malformed("field \"" + name(field) + "\" must be a boolean");
        }
        return v.asBoolean();
    }

    /** A nested object (absent or null reads as empty). */
    public Body object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return new Body(JSON.createObjectNode(), name(field));
        }
        if (!v.isObject()) {
            throw CnmException.malformed("field \"" + name(field) + "\" must be an object");
        }
        return new Body((ObjectNode) v, name(field));
    }

    /** The first element of an array of objects, if any. */
    public Optional<Body> first(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw CnmException.malformed("field \"" + name(field) + "\" must be an array");
        }
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get(0).isObject()) {
            throw CnmException.malformed("field \"" + name(field) + "[0]\" must be an object");
        }
        return Optional.of(new Body((ObjectNode) v.get(0), name(field) + "[0]"));
    }

    /** An object of string values (Docker's options maps); other values are kept as their JSON text. */
    public Map<String, String> strings(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        object(field).node.properties().forEach(e -> out.put(e.getKey(),
                e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
        return out;
    }

    public ObjectNode node() {
        return node;
    }
}
