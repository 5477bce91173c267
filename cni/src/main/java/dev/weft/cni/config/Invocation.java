package dev.weft.cni.config;

import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * Builds the stdin configuration for one plugin of a list, as libcni's {@code buildOneConfig}:
 * the plugin's own JSON plus {@code name}, {@code cniVersion}, {@code prevResult} (converted to
 * the list's version) and a {@code runtimeConfig} holding only the capabilities the plugin
 * declared and the runtime supplied (a {@code runtimeConfig} written in the file is kept when
 * none applies, as libcni does).
 */
public final class Invocation {
    private Invocation() {
    }

    public static ObjectNode stdin(NetworkConfigList list, PluginConfig plugin, Optional<Result> prevResult,
                                   Map<String, JsonNode> capabilityArgs) {
        ObjectNode conf = plugin.raw().deepCopy();
        conf.put("name", list.name());
        conf.put("cniVersion", list.cniVersion().text());
        ObjectNode rc = runtimeConfig(plugin, capabilityArgs);
        if (!rc.isEmpty()) {
            conf.set("runtimeConfig", rc); // as libcni: only when a capability applies
        }
        prevResult.ifPresent(r -> conf.set("prevResult", ResultCodec.encode(r.asVersion(list.cniVersion()))));
        return conf;
    }

    private static ObjectNode runtimeConfig(PluginConfig plugin, Map<String, JsonNode> capabilityArgs) {
        ObjectNode rc = dev.weft.cni.json.Json.object();
        plugin.capabilities().forEach((cap, enabled) -> {
            if (enabled && capabilityArgs.containsKey(cap)) {
                rc.set(cap, capabilityArgs.get(cap).deepCopy());
            }
        });
        return rc;
    }

    /** Whether a plugin at {@code version} can be handed a prevResult on DEL (0.4.0 and later). */
    public static boolean passesPrevResultOnDel(CniVersion version) {
        return version.supportsCheck();
    }
}
