package dev.weft.store.embedded;

import dev.weft.store.Entry;
import dev.weft.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The whole store in memory, as read from and written to its file. */
final class State {
    static final int EVENT_LOG = 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    long revision;
    long nextLease = 1;
    long oldestEvent = 1;
    final TreeMap<String, Entry> entries = new TreeMap<>();
    /** lease → {ttl ms, deadline epoch ms}. */
    final Map<Long, long[]> leases = new TreeMap<>();
    final List<WatchEvent> events = new ArrayList<>();

    long bump() {
        return ++revision;
    }

    void record(WatchEvent e) {
        events.add(e);
        if (events.size() > EVENT_LOG) {
            events.removeFirst();
            oldestEvent = events.getFirst().revision();
        }
    }

    /** Deletes the keys of leases past their deadline; true when anything changed. */
    boolean expire(long nowMillis) {
        List<Long> dead = leases.entrySet().stream().filter(e -> e.getValue()[1] <= nowMillis).map(Map.Entry::getKey).toList();
        dead.forEach(this::dropLease);
        return !dead.isEmpty();
    }

    void dropLease(long lease) {
        leases.remove(lease);
        List<Entry> doomed = entries.values().stream().filter(e -> e.lease() == lease).toList();
        for (Entry e : doomed) {
            entries.remove(e.key());
            record(new WatchEvent(WatchEvent.Type.DELETE, e, bump()));
        }
    }

    static State parse(byte[] bytes) {
        State s = new State();
        if (bytes.length == 0) {
            return s;
        }
        JsonNode n = JSON.readTree(bytes);
        s.revision = n.path("revision").asLong();
        s.nextLease = n.path("nextLease").asLong(1);
        s.oldestEvent = n.path("oldestEvent").asLong(1);
        n.path("entries").forEach(e -> s.entries.put(e.path("key").asString(), entry(e)));
        n.path("leases").forEach(l -> s.leases.put(l.path("id").asLong(),
                new long[] {l.path("ttl").asLong(), l.path("deadline").asLong()}));
        n.path("events").forEach(e -> s.events.add(new WatchEvent(WatchEvent.Type.valueOf(e.path("type").asString()),
                entry(e.path("entry")), e.path("revision").asLong())));
        return s;
    }

    private static Entry entry(JsonNode e) {
        return new Entry(e.path("key").asString(), Base64.getDecoder().decode(e.path("value").asString("")),
                e.path("create").asLong(), e.path("mod").asLong(), e.path("lease").asLong());
    }

    private static ObjectNode json(Entry e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", e.key()).put("value", Base64.getEncoder().encodeToString(e.value()))
                .put("create", e.createRevision()).put("mod", e.modRevision()).put("lease", e.lease());
        return o;
    }

    byte[] serialize() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("revision", revision).put("nextLease", nextLease).put("oldestEvent", oldestEvent);
        ArrayNode es = root.putArray("entries");
        entries.values().forEach(e -> es.add(json(e)));
        ArrayNode ls = root.putArray("leases");
        leases.forEach((id, v) -> ls.addObject().put("id", id).put("ttl", v[0]).put("deadline", v[1]));
        ArrayNode ev = root.putArray("events");
        events.forEach(e -> {
            ObjectNode o = ev.addObject();
            o.put("type", e.type().name()).put("revision", e.revision());
            o.set("entry", json(e.entry()));
        });
        return JSON.writeValueAsBytes(root);
    }
}
