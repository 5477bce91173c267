package dev.weft.fastpath;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One plugin call as the exec shim saw it: the plugin executable's name, the {@code CNI_*}
 * environment exactly as given (empty values included) and the stdin bytes.
 *
 * <p>{@code stdin} is copied in and out, so the record is immutable; a config is a few KiB.
 */
public record CniRequest(String plugin, Map<String, String> env, byte[] stdin) {
    /** The prefix of the variables the shim forwards; see {@link #fromEnvironment}. */
    public static final String ENV_PREFIX = "CNI_";

    public CniRequest {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(stdin, "stdin");
        checkPlugin(plugin);
        env = checkEnv(env);
        if (stdin.length > Limits.MAX_STDIN) {
            throw new IllegalArgumentException("stdin is " + stdin.length + " bytes, over the limit of " + Limits.MAX_STDIN);
        }
        stdin = stdin.clone();
    }

    /** Keeps the {@code CNI_*} variables of a whole process environment, as the shim does. */
    public static CniRequest fromEnvironment(String plugin, Map<String, String> environment, byte[] stdin) {
        Map<String, String> cni = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                cni.put(k, v);
            }
        });
        return new CniRequest(plugin, cni, stdin);
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    public int stdinLength() {
        return stdin.length;
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
    }

    /** The config's top-level {@code cniVersion}, when stdin is a JSON object that has one. */
    public Optional<String> cniVersion() {
        try {
            JsonNode v = dev.weft.cni.json.Json.mapper().readTree(stdin).path("cniVersion");
            return v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static void checkPlugin(String plugin) {
        int len = Utf8.encode(plugin, "plugin").length;
        if (len == 0 || len > Limits.MAX_PLUGIN_NAME || plugin.indexOf('/') >= 0 || plugin.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("plugin must be a file name of 1-" + Limits.MAX_PLUGIN_NAME
                    + " bytes without '/' or NUL: \"" + plugin + "\"");
        }
    }

    private static Map<String, String> checkEnv(Map<String, String> env) {
        if (env.size() > Limits.MAX_ENV_ENTRIES) {
            throw new IllegalArgumentException("env has " + env.size() + " variables, over the limit of " + Limits.MAX_ENV_ENTRIES);
        }
        long bytes = 0;
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "env name");
            String value = Objects.requireNonNull(e.getValue(), () -> "env value of " + name);
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("env " + name + ": a name must be non-empty without '=' or NUL, a value without NUL");
            }
            bytes += Utf8.encode(name, "env name " + name).length + Utf8.encode(value, "env " + name).length;
            copy.put(name, value);
        }
        if (bytes > Limits.MAX_ENV_BYTES) {
            throw new IllegalArgumentException("env is " + bytes + " bytes, over the limit of " + Limits.MAX_ENV_BYTES);
        }
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CniRequest r && plugin.equals(r.plugin) && env.equals(r.env) && Arrays.equals(stdin, r.stdin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plugin, env, Arrays.hashCode(stdin));
    }

    /** Names only: stdin and values may hold secrets (CNI_ARGS, configs). */
    @Override
    public String toString() {
        return "CniRequest[plugin=" + plugin + ", command=" + env.getOrDefault("CNI_COMMAND", "?")
                + ", env=" + env.keySet() + ", stdin=" + stdin.length + " bytes]";
    }
}
