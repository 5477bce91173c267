package dev.weft.bgp;

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
import java.util.TreeSet;

/**
 * The datastore form of {@link BgpConfig} and {@link BgpPeer}. Reading goes through the records'
 * constructors, so a value someone wrote by hand is validated like one from the CLI; a missing
 * timer or flag takes its default.
 */
final class BgpJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BgpJson() {
    }

    static byte[] config(BgpConfig c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("as", c.asn().value()).put("mesh", c.mesh());
        ArrayNode rr = o.putArray("reflectors");
        c.reflectors().forEach(rr::add);
        c.reflectorClusterId().ifPresent(id -> o.put("reflectorClusterId", id.toString()));
        BgpTimers t = c.timers();
        o.putObject("timers").put("hold", t.hold()).put("keepalive", t.keepalive())
                .put("connectRetry", t.connectRetry()).put("gracefulRestart", t.gracefulRestart())
                .put("restartWait", t.restartWait());
        return JSON.writeValueAsBytes(o);
    }

    static BgpConfig config(byte[] bytes, String key) {
        JsonNode n = read(bytes, key);
        try {
            TreeSet<String> rr = new TreeSet<>();
            n.path("reflectors").forEach(r -> rr.add(r.asString()));
            JsonNode t = n.path("timers");
            BgpTimers d = BgpTimers.DEFAULT;
            BgpTimers timers = new BgpTimers(t.path("hold").asInt(d.hold()), t.path("keepalive").asInt(d.keepalive()),
                    t.path("connectRetry").asInt(d.connectRetry()), t.path("gracefulRestart").asInt(d.gracefulRestart()),
                    t.path("restartWait").asInt(d.restartWait()));
            Optional<IpAddress> id = n.hasNonNull("reflectorClusterId")
                    ? Optional.of(IpAddress.parse(n.path("reflectorClusterId").asString())) : Optional.empty();
            return new BgpConfig(new Asn(n.path("as").asLong(Asn.DEFAULT.value())), n.path("mesh").asBoolean(true), rr,
                    id, timers);
        } catch (IllegalArgumentException e) {
            throw new BgpException(key + ": " + e.getMessage(), e);
        }
    }

    static byte[] peer(BgpPeer p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", p.name()).put("peerIp", p.peerIp().toString()).put("as", p.asn().value());
        p.node().ifPresent(n -> o.put("node", n));
        ArrayNode a = o.putArray("accept");
        p.accept().forEach(c -> a.add(c.toString()));
        return JSON.writeValueAsBytes(o);
    }

    static BgpPeer peer(byte[] bytes, String key) {
        JsonNode n = read(bytes, key);
        try {
            List<Cidr> accept = new ArrayList<>();
            n.path("accept").forEach(c -> accept.add(Cidr.parse(c.asString())));
            return new BgpPeer(n.path("name").asString(), IpAddress.parse(n.path("peerIp").asString()),
                    new Asn(n.path("as").asLong()), n.hasNonNull("node") ? Optional.of(n.get("node").asString()) : Optional.empty(), accept);
        } catch (IllegalArgumentException e) {
            throw new BgpException(key + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(byte[] bytes, String key) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (!n.isObject()) {
                throw new BgpException(key + ": not a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw new BgpException(key + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
