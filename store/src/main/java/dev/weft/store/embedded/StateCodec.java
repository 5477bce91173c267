package dev.weft.store.embedded;

import dev.weft.store.Entry;
import dev.weft.store.WatchEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.Set;

/**
 * The store file's format, decoded exactly: one JSON object with {@code revision},
 * {@code nextLease}, {@code oldestEvent}, {@code entries}, {@code leases} and {@code events}, each
 * of its type, no other field, nothing after it, and consistent (revisions not ahead of the store's,
 * an entry's lease granted). Anything else is a {@link StateFormatException} naming the field; a
 * store is never guessed from a file that does not decode, since the next write would replace it.
 */
final class StateCodec {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> ROOT = Set.of("revision", "nextLease", "oldestEvent", "entries", "leases", "events");
    private static final Set<String> ENTRY = Set.of("key", "value", "create", "mod", "lease");
    private static final Set<String> LEASE = Set.of("id", "ttl", "deadline");
    private static final Set<String> EVENT = Set.of("type", "revision", "entry");

    private StateCodec() {
    }

    static State decode(byte[] bytes) throws StateFormatException {
        if (bytes.length == 0) {
            throw new StateFormatException("the file is empty (0 bytes)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new StateFormatException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new StateFormatException("the file holds no JSON value (only white space)");
        }
        fields(root, "", ROOT);
        State s = new State();
        s.revision = number(root, "revision", "", 0);
        s.nextLease = number(root, "nextLease", "", 1);
        s.oldestEvent = number(root, "oldestEvent", "", 1);
        leases(array(root, "leases"), s);
        entries(array(root, "entries"), s);
        events(array(root, "events"), s);
        return s;
    }

    private static void leases(JsonNode list, State s) throws StateFormatException {
        for (int i = 0; i < list.size(); i++) {
            String at = "leases[" + i + "]";
            JsonNode l = fields(list.get(i), at, LEASE);
            long id = number(l, "id", at, 1);
            if (id >= s.nextLease) {
                throw new StateFormatException(at + ".id: " + id + " is not below nextLease " + s.nextLease);
            }
            if (s.leases.put(id, new long[] {number(l, "ttl", at, 0), signed(l, "deadline", at)}) != null) {
                throw new StateFormatException(at + ".id: lease " + id + " appears twice");
            }
        }
    }

    private static void entries(JsonNode list, State s) throws StateFormatException {
        for (int i = 0; i < list.size(); i++) {
            String at = "entries[" + i + "]";
            Entry e = entry(list.get(i), at, s);
            if (e.lease() != 0 && !s.leases.containsKey(e.lease())) {
                throw new StateFormatException(at + ".lease: lease " + e.lease() + " is not in leases");
            }
            if (s.entries.put(e.key(), e) != null) {
                throw new StateFormatException(at + ".key: \"" + e.key() + "\" appears twice");
            }
        }
    }

    private static void events(JsonNode list, State s) throws StateFormatException {
        long last = 0;
        for (int i = 0; i < list.size(); i++) {
            String at = "events[" + i + "]";
            JsonNode e = fields(list.get(i), at, EVENT);
            WatchEvent.Type type = switch (text(e, "type", at)) {
                case "PUT" -> WatchEvent.Type.PUT;
                case "DELETE" -> WatchEvent.Type.DELETE;
                default -> throw new StateFormatException(at + ".type: \"" + e.get("type").stringValue() + "\" is not PUT or DELETE");
            };
            long rev = number(e, "revision", at, 1);
            if (rev < last || rev > s.revision) {
                throw new StateFormatException(at + ".revision: " + rev + " is out of order or ahead of the store's revision " + s.revision);
            }
            last = rev;
            s.events.add(new WatchEvent(type, entry(e.get("entry"), at + ".entry", s), rev));
        }
    }

    private static Entry entry(JsonNode n, String at, State s) throws StateFormatException {
        fields(n, at, ENTRY);
        byte[] value;
        try {
            value = Base64.getDecoder().decode(text(n, "value", at));
        } catch (IllegalArgumentException e) {
            throw new StateFormatException(at + ".value: not base64: " + e.getMessage(), e);
        }
        long create = number(n, "create", at, 1);
        long mod = number(n, "mod", at, create);
        if (mod > s.revision) {
            throw new StateFormatException(at + ".mod: revision " + mod + " is ahead of the store's revision " + s.revision);
        }
        return new Entry(text(n, "key", at), value, create, mod, number(n, "lease", at, 0));
    }

    /** {@code n} as an object with exactly {@code names}. */
    private static JsonNode fields(JsonNode n, String at, Set<String> names) throws StateFormatException {
        if (n == null || !n.isObject()) {
            throw new StateFormatException((at.isEmpty() ? "the file" : at) + ": must be an object, not " + kind(n));
        }
        for (String name : names) {
            if (!n.has(name)) {
                throw new StateFormatException(path(at, name) + ": is missing");
            }
        }
        for (String name : n.propertyNames()) {
            if (!names.contains(name)) {
                throw new StateFormatException(path(at, name) + ": unknown field");
            }
        }
        return n;
    }

    private static JsonNode array(JsonNode n, String name) throws StateFormatException {
        JsonNode a = n.get(name);
        if (!a.isArray()) {
            throw new StateFormatException(name + ": must be an array, not " + kind(a));
        }
        return a;
    }

    private static String text(JsonNode n, String name, String at) throws StateFormatException {
        JsonNode v = n.get(name);
        if (!v.isString()) {
            throw new StateFormatException(path(at, name) + ": must be a string, not " + kind(v));
        }
        return v.stringValue();
    }

    private static long signed(JsonNode n, String name, String at) throws StateFormatException {
        JsonNode v = n.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new StateFormatException(path(at, name) + ": must be an integer, not " + kind(v));
        }
        return v.longValue();
    }

    private static long number(JsonNode n, String name, String at, long min) throws StateFormatException {
        long v = signed(n, name, at);
        if (v < min) {
            throw new StateFormatException(path(at, name) + ": " + v + " is below " + min);
        }
        return v;
    }

    private static String path(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String text = n.toString();
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    static byte[] encode(State s) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("revision", s.revision).put("nextLease", s.nextLease).put("oldestEvent", s.oldestEvent);
        ArrayNode es = root.putArray("entries");
        s.entries.values().forEach(e -> es.add(json(e)));
        ArrayNode ls = root.putArray("leases");
        s.leases.forEach((id, v) -> ls.addObject().put("id", id).put("ttl", v[0]).put("deadline", v[1]));
        ArrayNode ev = root.putArray("events");
        s.events.forEach(e -> {
            ObjectNode o = ev.addObject();
            o.put("type", e.type().name()).put("revision", e.revision());
            o.set("entry", json(e.entry()));
        });
        return JSON.writeValueAsBytes(root);
    }

    private static ObjectNode json(Entry e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", e.key()).put("value", Base64.getEncoder().encodeToString(e.value()))
                .put("create", e.createRevision()).put("mod", e.modRevision()).put("lease", e.lease());
        return o;
    }
}
