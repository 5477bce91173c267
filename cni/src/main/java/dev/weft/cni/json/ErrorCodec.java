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
        o.put("msg", e.msg() == null ? "" : wellFormed(e.msg()));
        if (e.details() != null) {
            o.put("details", wellFormed(e.details()));
        }
        return o;
    }

    /**
     * {@code text} with every unpaired UTF-16 surrogate replaced by U+FFFD. A message may quote the
     * input that failed (Jackson names "Unexpected character ('\uDFFF')" for the bytes ED BF BF on
     * stdin); a lone surrogate is no Unicode character, and UTF-8 writers escape or drop it
     * differently, so the error on the wire would not read back to itself.
     */
    static String wellFormed(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (b != null) {
                    b.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (b == null) {
                    b = new StringBuilder(text.length()).append(text, 0, i);
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
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
