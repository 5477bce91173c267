package dev.weft.cni.config;

import dev.weft.cni.json.Fields;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * One plugin's entry in a configuration list: its {@code type}, declared {@code capabilities},
 * the delegated {@code ipam.type} if any, and the raw JSON (plugin-specific keys included).
 */
public record PluginConfig(String type, Map<String, Boolean> capabilities, Optional<String> ipamType,
                           ObjectNode raw) {
    public PluginConfig {
        capabilities = Map.copyOf(capabilities);
        raw = raw.deepCopy();
    }

    /** Parses an entry; {@code path} names it in errors, e.g. {@code plugins[2]}. */
    public static PluginConfig parse(ObjectNode json, String path) {
        Fields f = Fields.ofConfig(json, path);
        String type = f.requiredString("type");
        if (type.contains("/") || type.equals(".") || type.equals("..")) {
            throw f.error("type", "\"" + type + "\" must be a plain executable name");
        }
        Map<String, Boolean> caps = f.booleanMap("capabilities");
        Optional<String> ipam = f.object("ipam").isPresent()
                ? f.nested("ipam").string("type")
                : Optional.empty();
        return new PluginConfig(type, caps, ipam, json);
    }

    public boolean hasCapability(String name) {
        return Boolean.TRUE.equals(capabilities.get(name));
    }

    /** A copy of the JSON: the record stays immutable. */
    public ObjectNode raw() {
        return raw.deepCopy();
    }
}
