package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The JSON form of pools, blocks, handles and affinities in the datastore (golden-tested). A
 * value that does not decode is {@link IpamError#CORRUPT_RECORD} naming the key and the field.
 */
public final class IpamJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IpamJson() {
    }

    public static byte[] pools(PoolSet set) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("pools");
        for (Pool p : set.pools()) {
            ObjectNode o = arr.addObject();
            o.put("name", p.name()).put("cidr", p.cidr().toString()).put("blockSize", p.blockSize());
            ArrayNode ex = o.putArray("excludes");
            p.excludes().forEach(r -> ex.add(r.toString()));
            p.gateway().ifPresent(g -> o.put("gateway", g.toString()));
            o.put("strictAffinity", p.strictAffinity());
        }
        return JSON.writeValueAsBytes(root);
    }

    public static PoolSet pools(String key, byte[] bytes) {
        return decode(key, bytes, n -> {
            List<Pool> out = new ArrayList<>();
            for (JsonNode p : array(n, "pools")) {
                List<IpRange> ex = new ArrayList<>();
                for (JsonNode r : array(p, "excludes")) {
                    ex.add(IpRange.parse(r.asString()));
                }
                out.add(new Pool(text(p, "name"), Cidr.parse(text(p, "cidr")), p.path("blockSize").asInt(),
                        ex, optText(p, "gateway").map(IpAddress::parse), p.path("strictAffinity").asBoolean()));
            }
            return new PoolSet(out);
        });
    }

    public static byte[] block(Block b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("pool", b.pool()).put("cidr", b.cidr().toString());
        b.affinity().ifPresent(a -> o.put("affinity", a));
        o.put("nextSeq", b.nextSeq());
        b.emptySince().ifPresent(t -> o.put("emptySince", t));
        ArrayNode slots = o.putArray("slots");
        b.slots().forEach((ord, s) -> {
            ObjectNode so = slots.addObject();
            so.put("ordinal", ord);
            if (s.reserved()) {
                so.put("reserved", true);
            } else {
                so.put("handle", s.attachment().handleId());
            }
            s.pod().ifPresent(p -> so.put("pod", p));
            so.put("node", s.node()).put("seq", s.seq()).put("allocatedAt", s.allocatedAt());
            s.missingSince().ifPresent(t -> so.put("missingSince", t));
        });
        ArrayNode freed = o.putArray("freed");
        b.freed().forEach(freed::add);
        return JSON.writeValueAsBytes(o);
    }

    public static Block block(String key, byte[] bytes) {
        return decode(key, bytes, n -> {
            TreeMap<Integer, Slot> slots = new TreeMap<>();
            for (JsonNode s : array(n, "slots")) {
                boolean reserved = s.path("reserved").asBoolean();
                AttachmentId who = reserved ? Slot.reservationOf(text(s, "node")) : AttachmentId.parseHandleId(text(s, "handle"));
                slots.put(s.path("ordinal").asInt(), new Slot(who, optText(s, "pod"), text(s, "node"), s.path("seq").asLong(),
                        s.path("allocatedAt").asLong(), optLong(s, "missingSince"), reserved));
            }
            List<Integer> freed = new ArrayList<>();
            array(n, "freed").forEach(f -> freed.add(f.asInt()));
            return new Block(text(n, "pool"), Cidr.parse(text(n, "cidr")), optText(n, "affinity"),
                    n.path("nextSeq").asLong(), slots, freed, optLong(n, "emptySince"));
        });
    }

    public static byte[] handle(Handle h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("handle", h.attachment().handleId());
        h.pod().ifPresent(p -> o.put("pod", p));
        o.put("node", h.node());
        ArrayNode arr = o.putArray("addresses");
        for (HandleAddress a : h.addresses()) {
            arr.addObject().put("ip", a.ip().toString()).put("pool", a.pool()).put("block", a.block().toString())
                    .put("seq", a.seq()).put("at", a.at());
        }
        return JSON.writeValueAsBytes(o);
    }

    public static Handle handle(String key, byte[] bytes) {
        return decode(key, bytes, n -> {
            List<HandleAddress> addrs = new ArrayList<>();
            for (JsonNode a : array(n, "addresses")) {
                addrs.add(new HandleAddress(IpAddress.parse(text(a, "ip")), text(a, "pool"), Cidr.parse(text(a, "block")),
                        a.path("seq").asLong(), a.path("at").asLong()));
            }
            return new Handle(AttachmentId.parseHandleId(text(n, "handle")), optText(n, "pod"), text(n, "node"), addrs);
        });
    }

    /** An affinity index entry: when the claim began (stale entries are removed only after the GC grace). */
    public static byte[] affinity(long claimedAt) {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("claimedAt", claimedAt));
    }

    public static long affinityClaimedAt(String key, byte[] bytes) {
        return decode(key, bytes, n -> n.path("claimedAt").asLong());
    }

    private interface Decoder<T> {
        T decode(JsonNode n);
    }

    private static <T> T decode(String key, byte[] bytes, Decoder<T> d) {
        try {
            return d.decode(JSON.readTree(bytes));
        } catch (JacksonException | IllegalArgumentException | ArithmeticException e) {
            throw new IpamException(IpamError.CORRUPT_RECORD, key, "datastore record " + key + " does not decode: "
                    + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("field " + field + " is missing or not a string");
        }
        return v.asString();
    }

    private static Optional<String> optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(text(n, field));
    }

    private static OptionalLong optLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? OptionalLong.empty() : OptionalLong.of(v.asLong());
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("field " + field + " is missing or not an array");
        }
        return v;
    }
}
