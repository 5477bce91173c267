package dev.weft.policy.manifest;

import dev.weft.policy.PolicyException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node of the parsed manifest together with its field path, so every check can say exactly where
 * it failed. YAML's {@code key:} with no value (null) counts as absent, as it does for the API server.
 */
final class Field {
    private final JsonNode node;
    private final String path;

    private Field(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Field root(JsonNode node, String path) {
        return new Field(node, path);
    }

    String path() {
        return path;
    }

    boolean present() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    Field get(String name) {
        object();
        return new Field(node.get(name), path.isEmpty() ? name : path + "." + name);
    }

    PolicyException fail(String detail) {
        return new PolicyException(path, detail);
    }

    PolicyException fail(String detail, Throwable cause) {
        return new PolicyException(path, detail, cause);
    }

    private Field object() {
        if (!present() || !node.isObject()) {
            throw fail("must be an object, not " + describe());
        }
        return this;
    }

    /** Rejects fields we do not know: a typo such as {@code podselector} must not silently widen a policy. */
    Field allowOnly(Set<String> known) {
        object();
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new PolicyException(path.isEmpty() ? name : path + "." + name, "unknown field");
            }
        }
        return this;
    }

    /** The elements of a list; an absent list is empty. */
    List<Field> items() {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail("must be a list, not " + describe());
        }
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new Field(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    String text() {
        if (!present()) {
            throw fail("is required");
        }
        if (!node.isString()) {
            throw fail("must be a string, not " + describe());
        }
        return node.stringValue();
    }

    Optional<String> optionalText() {
        return present() ? Optional.of(text()) : Optional.empty();
    }

    boolean isInteger() {
        return present() && node.isIntegralNumber();
    }

    int integer() {
        if (!isInteger() || !node.canConvertToInt()) {
            throw fail("must be an integer, not " + describe());
        }
        return node.intValue();
    }

    /** A {@code map[string]string} such as labels; values must be strings, as in the API. */
    TreeMap<String, String> stringMap() {
        TreeMap<String, String> out = new TreeMap<>();
        if (!present()) {
            return out;
        }
        object();
        for (String name : node.propertyNames()) {
            out.put(name, get(name).text());
        }
        return out;
    }

    String describe() {
        if (!present()) {
            return "nothing";
        }
        if (node.isString()) {
            return "\"" + node.stringValue() + "\"";
        }
        return node.isContainer() ? (node.isArray() ? "a list" : "an object") : node.toString();
    }
}
