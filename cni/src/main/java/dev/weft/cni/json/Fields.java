package dev.weft.cni.json;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of JSON fields that fail with a CNI error naming the field path. The error code is
 * chosen by the caller: 7 for network configuration, 6 for results and other decoded content.
 */
public final class Fields {
    private final ObjectNode node;
    private final String path;
    private final CniErrorCode code;
    private final boolean foldCase;

    private Fields(ObjectNode node, String path, CniErrorCode code) {
        this(node, path, code, false);
    }

    private Fields(ObjectNode node, String path, CniErrorCode code, boolean foldCase) {
        this.node = node;
        this.path = path;
        this.code = code;
        this.foldCase = foldCase;
    }

    /**
     * This reader, matching keys as Go's {@code encoding/json} does: the exact key first, else
     * any key equal ignoring case. For values a Go runtime marshals from structs without JSON
     * tags: go-cni sends containerd's port mappings as {@code {"HostPort": 8080, "ContainerPort":
     * 80, ...}} and bandwidth as {@code {"IngressRate": ...}}, which the reference plugins read
     * because their decoder folds case.
     */
    public Fields goKeys() {
        return new Fields(node, path, code, true);
    }

    /** Reader for network configuration: errors are code 7. */
    public static Fields ofConfig(ObjectNode node, String path) {
        return new Fields(node, path, CniErrorCode.INVALID_NETWORK_CONFIG);
    }

    /** Reader for decoded content such as results: errors are code 6. */
    public static Fields ofContent(ObjectNode node, String path) {
        return new Fields(node, path, CniErrorCode.DECODING_FAILURE);
    }

    public ObjectNode node() {
        return node;
    }

    public String path(String field) {
        return path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
    }

    public CniException error(String field, String problem) {
        return new CniException(code, "field \"" + path(field) + "\" " + problem);
    }

    public CniException error(String field, String problem, Throwable cause) {
        return new CniException(code, "field \"" + path(field) + "\" " + problem, cause);
    }

    private Optional<JsonNode> present(String field) {
        JsonNode v = node.get(field);
        if (v == null && foldCase) {
            v = node.properties().stream().filter(e -> e.getKey().equalsIgnoreCase(field)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    public boolean has(String field) {
        return present(field).isPresent();
    }

    public Optional<String> string(String field) {
        return present(field).map(v -> {
            if (!v.isString()) {
                throw error(field, "must be a string");
            }
            return v.stringValue();
        });
    }

    public String requiredString(String field) {
        String s = string(field).orElseThrow(() -> error(field, "is required"));
        if (s.isEmpty()) {
            throw error(field, "must not be empty");
        }
        return s;
    }

    /** A boolean that may also be written as the string "true" or "false", as libcni accepts. */
    public boolean bool(String field, boolean dflt) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) {
            return dflt;
        }
        JsonNode n = v.get();
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isString() && (n.stringValue().equals("true") || n.stringValue().equals("false"))) {
            return Boolean.parseBoolean(n.stringValue());
        }
        throw error(field, "must be a boolean");
    }

    public Optional<Integer> integer(String field) {
        return present(field).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error(field, "must be an integer");
            }
            return v.intValue();
        });
    }

    /** A 64-bit integer, e.g. a bandwidth rate in bits per second. */
    public Optional<Long> longInteger(String field) {
        return present(field).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(field, "must be an integer");
            }
            return v.longValue();
        });
    }

    public Optional<ObjectNode> object(String field) {
        return present(field).map(v -> {
            if (!v.isObject()) {
                throw error(field, "must be an object");
            }
            return (ObjectNode) v;
        });
    }

    public Fields nested(String field) {
        return new Fields(object(field).orElseGet(Json::object), path(field), code, foldCase);
    }

    /** Elements of an array field, each parsed by {@code parse} with its indexed path. */
    public <T> List<T> list(String field, Function<Element, T> parse) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!v.get().isArray()) {
            throw error(field, "must be an array");
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v.get()) {
            out.add(parse.apply(new Element(e, path(field) + "[" + i + "]", code)));
            i++;
        }
        return List.copyOf(out);
    }

    public List<String> strings(String field) {
        return list(field, Element::asString);
    }

    /** A JSON object of booleans, e.g. {@code capabilities}. */
    public Map<String, Boolean> booleanMap(String field) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        object(field).ifPresent(o -> o.properties().forEach(e -> {
            if (!e.getValue().isBoolean()) {
                throw error(field + "." + e.getKey(), "must be a boolean");
            }
            out.put(e.getKey(), e.getValue().booleanValue());
        }));
        return Map.copyOf(out);
    }

    /** Converts a string field with a value parser; its IllegalArgumentException names the field. */
    /**
     * A file system path: absolute and already normal (no {@code .} or {@code ..} segments, no
     * repeated slashes), so configuration can never point outside where it says, whatever the
     * caller's working directory.
     */
    public Optional<java.nio.file.Path> absolutePath(String field) {
        Optional<String> text = string(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get();
        if (t.isEmpty() || t.indexOf('\0') >= 0) {
            throw error(field, "must be an absolute path, not \"" + t + "\"");
        }
        java.nio.file.Path p = java.nio.file.Path.of(t);
        if (!p.isAbsolute()) {
            throw error(field, "must be an absolute path, not \"" + t + "\"");
        }
        if (!p.normalize().toString().equals(t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t)) {
            throw error(field, "must be a normal path (no \".\" or \"..\" segments), not \"" + t + "\"");
        }
        return Optional.of(p);
    }

    public <T> Optional<T> parsed(String field, Function<String, T> parser) {
        return string(field).map(s -> {
            try {
                return parser.apply(s);
            } catch (IllegalArgumentException e) {
                throw error(field, "is invalid: " + e.getMessage(), e);
            }
        });
    }

    /** One element of an array, with its path for error messages. */
    public record Element(JsonNode node, String path, CniErrorCode code) {
        public String asString() {
            if (!node.isString()) {
                throw new CniException(code, "field \"" + path + "\" must be a string");
            }
            return node.stringValue();
        }

        public Fields asObject() {
            if (!node.isObject()) {
                throw new CniException(code, "field \"" + path + "\" must be an object");
            }
            return new Fields((ObjectNode) node, path, code);
        }

        /** This element as an array, each of its elements parsed with its indexed path. */
        public <T> List<T> asList(Function<Element, T> parse) {
            if (!node.isArray()) {
                throw new CniException(code, "field \"" + path + "\" must be an array");
            }
            List<T> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : node) {
                out.add(parse.apply(new Element(e, path + "[" + i + "]", code)));
                i++;
            }
            return List.copyOf(out);
        }

        public <T> T parsed(Function<String, T> parser) {
            String s = asString();
            try {
                return parser.apply(s);
            } catch (IllegalArgumentException e) {
                throw new CniException(code, "field \"" + path + "\" is invalid: " + e.getMessage(), e);
            }
        }
    }
}
