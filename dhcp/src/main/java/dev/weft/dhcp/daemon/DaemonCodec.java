package dev.weft.dhcp.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.packet.Octets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol's codec, pure: a request or reply is one line of JSON (UTF-8, ending in
 * {@code \n}). Decoding checks every field and throws {@link IllegalArgumentException} naming the
 * one that is missing or wrong; unknown fields are ignored, so a newer peer's additions do not
 * break an older one. See the package notes for the messages.
 */
public final class DaemonCodec {
    /** Protocol version, {@code "v"} of every request. */
    public static final int VERSION = 1;
    /** The longest line either side accepts. */
    public static final int MAX_LINE = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DaemonCodec() {
    }

    public static byte[] encode(DaemonRequest request) {
        Wire.Request w = switch (request) {
            case DaemonRequest.Acquire a -> new Wire.Request(VERSION, "acquire", a.attachment().containerId(),
                    a.attachment().network(), a.attachment().ifName().value(), a.netns(), a.options().requested(),
                    provided(a.options()), a.timeout().toMillis());
            case DaemonRequest.Release r -> named(r.attachment(), "release", null);
            case DaemonRequest.Check c -> named(c.attachment(), "check", null);
            case DaemonRequest.Renew r -> named(r.attachment(), "renew", r.timeout().toMillis());
            case DaemonRequest.ListLeases l -> new Wire.Request(VERSION, "list", null, null, null, null, null, null, null);
        };
        return line(w);
    }

    public static byte[] encode(DaemonReply reply) {
        Wire.Reply w = switch (reply) {
            case DaemonReply.Granted g -> new Wire.Reply(true, Wire.LeaseJson.of(g.lease()), null, null, null, null);
            case DaemonReply.Released r -> new Wire.Reply(true, null, r.sent(), null, null, null);
            case DaemonReply.Leases l -> new Wire.Reply(true, null, null, l.leases().stream().map(h -> new Wire.HeldJson(
                    h.attachment().containerId(), h.attachment().network(), h.attachment().ifName().value(),
                    Wire.LeaseJson.of(h.lease()))).toList(), null, null);
            case DaemonReply.Failed f -> new Wire.Reply(false, null, null, null, f.reason().name(), f.message());
        };
        return line(w);
    }

    /** A request line (with or without its newline). */
    public static DaemonRequest decodeRequest(byte[] line) {
        Wire.Request w = read(line, Wire.Request.class);
        if (w.v() == null || w.v() != VERSION) {
            throw new IllegalArgumentException("field \"v\": protocol version " + w.v() + " is not " + VERSION);
        }
        String op = required("op", w.op());
        return switch (op) {
            case "acquire" -> new DaemonRequest.Acquire(attachment(w), required("netns", w.netns()),
                    new ClientOptions(w.request() == null ? ClientOptions.DEFAULT_REQUESTED : w.request(),
                            provided(w.provide())), timeout(w));
            case "release" -> new DaemonRequest.Release(attachment(w));
            case "check" -> new DaemonRequest.Check(attachment(w));
            case "renew" -> new DaemonRequest.Renew(attachment(w), timeout(w));
            case "list" -> new DaemonRequest.ListLeases();
            default -> throw new IllegalArgumentException("field \"op\": \"" + op
                    + "\" is not one of acquire, release, check, renew, list");
        };
    }

    /** A reply line (with or without its newline). */
    public static DaemonReply decodeReply(byte[] line) {
        Wire.Reply w = read(line, Wire.Reply.class);
        if (!required("ok", w.ok())) {
            DhcpException.Reason reason;
            try {
                reason = DhcpException.Reason.valueOf(required("reason", w.reason()));
            } catch (IllegalArgumentException e) {
                reason = DhcpException.Reason.TRANSPORT; // a newer peer's reason: still a failure
            }
            return new DaemonReply.Failed(reason, w.message());
        }
        if (w.lease() != null) {
            return new DaemonReply.Granted(w.lease().toLease("lease"));
        }
        if (w.sent() != null) {
            return new DaemonReply.Released(w.sent());
        }
        if (w.leases() != null) {
            return new DaemonReply.Leases(w.leases().stream().map(h -> new DaemonReply.Held(
                    Attachment.of(h.containerId(), h.network(), h.ifName()),
                    required("leases[].lease", h.lease()).toLease("leases[].lease"))).toList());
        }
        throw new IllegalArgumentException("a successful reply needs \"lease\", \"sent\" or \"leases\"");
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return value;
    }

    private static Wire.Request named(Attachment a, String op, Long timeoutMs) {
        return new Wire.Request(VERSION, op, a.containerId(), a.network(), a.ifName().value(), null, null, null,
                timeoutMs);
    }

    private static Attachment attachment(Wire.Request w) {
        return Attachment.of(required("containerId", w.containerId()), required("network", w.network()),
                required("ifName", w.ifName()));
    }

    private static Duration timeout(Wire.Request w) {
        return Duration.ofMillis(required("timeoutMs", w.timeoutMs()));
    }

    private static Map<String, String> provided(ClientOptions o) {
        if (o.provided().isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        o.provided().forEach((code, value) -> out.put(Integer.toString(code), value.toHex()));
        return out;
    }

    private static Map<Integer, Octets> provided(Map<String, String> wire) {
        Map<Integer, Octets> out = new LinkedHashMap<>();
        if (wire != null) {
            wire.forEach((code, hex) -> {
                try {
                    out.put(Integer.parseInt(code), Octets.ofHex(required("provide." + code, hex)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("field \"provide\": key \"" + code + "\" is not an option code", e);
                }
            });
        }
        return out;
    }

    private static byte[] line(Object w) {
        byte[] json = JSON.writeValueAsBytes(w); // one line: the mapper does not indent
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    private static <T> T read(byte[] line, Class<T> type) {
        if (line.length > MAX_LINE) {
            throw new IllegalArgumentException("a line of " + line.length + " bytes is over " + MAX_LINE);
        }
        try {
            T t = JSON.readValue(line, type);
            if (t == null) {
                throw new IllegalArgumentException("an empty line is not a message");
            }
            return t;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a message of weft's DHCP protocol: " + e.getOriginalMessage()
                    + " in \"" + preview(line) + "\"", e);
        }
    }

    private static String preview(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 80), StandardCharsets.UTF_8).strip();
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
