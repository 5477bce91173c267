package dev.weft.invoke;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** What a plugin printed on success, decoded; errors do not name the plugin (the {@link Invoker} does). */
final class PluginOutput {
    private PluginOutput() {
    }

    static String configVersion(ObjectNode stdin) {
        return stdin.path("cniVersion").asString(CniVersion.CURRENT.text());
    }

    /** ADD's stdout as a result; one without {@code cniVersion} takes {@code confVersion}. */
    static Result result(byte[] out, String confVersion) {
        if (out.length == 0 || new String(out, StandardCharsets.UTF_8).isBlank()) {
            throw new CniException(CniErrorCode.DECODING_FAILURE, "printed no result");
        }
        ObjectNode json = Json.parseObject(out, "result");
        if (!json.has("cniVersion")) {
            json.put("cniVersion", confVersion);
        }
        return ResultCodec.decode(json);
    }
}
