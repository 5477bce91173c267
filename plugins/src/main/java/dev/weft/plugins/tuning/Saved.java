package dev.weft.plugins.tuning;

import dev.weft.cni.json.Json;
import dev.weft.net.MacAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an interface and its namespace looked like before weft-tuning changed them: only the
 * values a configuration touches, so DEL puts back exactly those. {@code sysctl} is keyed by the
 * path under {@code /proc/sys}; {@code mtu} 0 means not saved. Stored as JSON beside the
 * attachment until DEL.
 */
record Saved(Map<String, String> sysctl, Optional<MacAddress> mac, int mtu, Optional<Boolean> promisc,
             Optional<Boolean> allmulti, Optional<Integer> txQLen) {

    Saved {
        sysctl = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctl));
    }

    /**
     * This record with {@code older}'s values taking precedence: a second ADD of an attachment
     * must not save values the first one already changed as if they were the originals.
     */
    Saved under(Saved older) {
        Map<String, String> s = new LinkedHashMap<>(sysctl);
        s.putAll(older.sysctl);
        return new Saved(s, older.mac.or(() -> mac), older.mtu != 0 ? older.mtu : mtu, older.promisc.or(() -> promisc),
                older.allmulti.or(() -> allmulti), older.txQLen.or(() -> txQLen));
    }

    byte[] encode() {
        ObjectNode o = Json.object();
        ObjectNode s = o.putObject("sysctl");
        sysctl.forEach(s::put);
        mac.ifPresent(m -> o.put("mac", m.toString()));
        if (mtu != 0) {
            o.put("mtu", mtu);
        }
        promisc.ifPresent(p -> o.put("promisc", p));
        allmulti.ifPresent(a -> o.put("allmulti", a));
        txQLen.ifPresent(q -> o.put("txQLen", q));
        return Json.bytes(o);
    }

    static Saved decode(byte[] bytes) {
        ObjectNode o = Json.parseObject(bytes, "weft-tuning's saved values");
        Map<String, String> s = new LinkedHashMap<>();
        o.path("sysctl").properties().forEach(e -> s.put(e.getKey(), e.getValue().asString()));
        return new Saved(s, Optional.ofNullable(o.get("mac")).map(JsonNode::asString).map(MacAddress::parse),
                o.path("mtu").asInt(0), bool(o, "promisc"), bool(o, "allmulti"),
                Optional.ofNullable(o.get("txQLen")).map(JsonNode::asInt));
    }

    private static Optional<Boolean> bool(ObjectNode o, String k) {
        return Optional.ofNullable(o.get(k)).map(JsonNode::asBoolean);
    }
}
