package dev.weft.sdk.testing;

import dev.weft.cni.json.Json;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.Plugin;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a plugin through the SDK dispatcher with in-memory streams, as a runtime would: for unit
 * tests of plugins, here and in plugins built on the SDK elsewhere.
 */
public final class PluginHarness {
    private final Plugin plugin;

    public PluginHarness(Plugin plugin) {
        this.plugin = plugin;
    }

    /** Exit code, stdout parsed as JSON (or null when empty), stderr text. */
    public record Outcome(int exit, JsonNode out, String err) {
        public int errorCode() {
            return out.path("code").asInt();
        }

        public String msg() {
            return out.path("msg").asString();
        }
    }

    public Outcome run(String command, String containerId, String ifName, String config, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", "/run/netns/nonexistent");
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", "/nonexistent");
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Dispatcher(plugin).run(env, config.getBytes(StandardCharsets.UTF_8), out, err);
        JsonNode json = out.size() == 0 ? null : Json.mapper().readTree(out.toByteArray());
        return new Outcome(exit, json, err.toString(StandardCharsets.UTF_8));
    }

    public Outcome run(String command, String containerId, String config) {
        return run(command, containerId, "eth0", config, Map.of());
    }
}
