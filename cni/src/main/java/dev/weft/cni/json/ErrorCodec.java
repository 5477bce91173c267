package dev.weft.cni.json;

import dev.weft.cni.CniException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/** The spec's error JSON: {@code {"cniVersion", "code", "msg", "details"}}. */
public final class ErrorCodec {
    private ErrorCodec() {
    }

    public static ObjectNode encode(CniException e, String cniVersion) {
        ObjectNode o = Json.object();
        if (cniVersion != null && !cniVersion.isEmpty()) {
            o.put("cniVersion", cniVersion);
        }
        o.put("code", e.code());
        o.put("msg", e.msg() == null ? "" : e.msg());
        if (e.details() != null) {
            o.put("details", e.details());
        }
        return o;
    }

    /**
     * Reads an error object a plugin printed, if {@code bytes} is one (a positive {@code code}).
     * Anything else is empty: the caller then reports the raw output.
     */
    public static Optional<CniException> decode(byte[] bytes) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(bytes);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject() || !n.path("code").canConvertToInt() || n.path("code").intValue() <= 0) {
            return Optional.empty();
        }
        String msg = n.path("msg").isString() ? n.path("msg").stringValue() : "";
        String details = n.path("details").isString() ? n.path("details").stringValue() : null;
        return Optional.of(new CniException(n.path("code").intValue(), msg, details, null));
    }
}
