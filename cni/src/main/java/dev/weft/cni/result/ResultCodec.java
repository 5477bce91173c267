package dev.weft.cni.result;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.json.Fields;
import dev.weft.cni.json.Json;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes results in every rich spec format. Field order on output follows Go's struct
 * order so that weft's JSON diffs cleanly against the reference plugins'.
 */
public final class ResultCodec {
    private ResultCodec() {
    }

    /** Decodes a result; its {@code cniVersion} decides the format. Errors are code 6. */
    public static Result decode(ObjectNode json) {
        Fields f = Fields.ofContent(json, "");
        String versionText = f.requiredString("cniVersion");
        CniVersion version = CniVersion.find(versionText).orElseThrow(() -> new CniException(
                CniErrorCode.INCOMPATIBLE_VERSION, "result has unsupported cniVersion \"" + versionText + "\""));
        if (!version.hasRichResult()) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                    "result version " + version + " (ip4/ip6 format) is not supported; use 0.3.0 or later");
        }
        var interfaces = f.list("interfaces", e -> decodeInterface(e.asObject()));
        var ips = f.list("ips", e -> decodeIp(e.asObject(), version));
        var routes = f.list("routes", e -> decodeRoute(e.asObject()));
        var dns = f.object("dns").map(d -> decodeDns(Fields.ofContent(d, "dns"))).orElse(Dns.EMPTY);
        try {
            // asVersion drops what this version cannot carry, as Go's typed decoding does.
            return new Result(version, interfaces, ips, routes, dns).asVersion(version);
        } catch (IllegalArgumentException e) {
            throw f.error("ips", e.getMessage(), e);
        }
    }

    public static Result decode(byte[] bytes) {
        return decode(Json.parseObject(bytes, "result"));
    }

    private static Interface decodeInterface(Fields f) {
        return new Interface(f.requiredString("name"), f.string("mac").orElse(null), f.integer("mtu").orElse(null),
                f.string("sandbox").orElse(null), f.string("socketPath").orElse(null),
                f.string("pciID").orElse(null));
    }

    private static IpConfig decodeIp(Fields f, CniVersion version) {
        InterfaceAddress address = f.parsed("address", InterfaceAddress::parse)
                .orElseThrow(() -> f.error("address", "is required"));
        if (!version.atLeast(CniVersion.V1_0_0)) {
            // Go reads the family from the address; a "version" that contradicts it is an error.
            String family = f.string("version").orElse(address.isV4() ? "4" : "6");
            if (!family.equals(address.isV4() ? "4" : "6")) {
                throw f.error("version", "is \"" + family + "\" but address " + address + " is IPv"
                        + (address.isV4() ? 4 : 6));
            }
        }
        IpAddress gw = f.parsed("gateway", IpAddress::parse).orElse(null);
        Integer index = f.integer("interface").orElse(null);
        if (index != null && index < 0) {
            throw f.error("interface", "must not be negative");
        }
        try {
            return new IpConfig(address, gw, index);
        } catch (IllegalArgumentException e) {
            throw f.error("gateway", e.getMessage(), e);
        }
    }

    /** Decodes a route from a result or from configuration (the field reader decides the error code). */
    public static Route decodeRoute(Fields f) {
        Cidr dst = f.parsed("dst", Cidr::parseMasked).orElseThrow(() -> f.error("dst", "is required"));
        IpAddress gw = f.parsed("gw", IpAddress::parse).orElse(null);
        try {
            return new Route(dst, gw, f.integer("mtu").orElse(null), f.integer("advmss").orElse(null),
                    f.integer("priority").orElse(null), f.integer("table").orElse(null),
                    f.integer("scope").orElse(null));
        } catch (IllegalArgumentException e) {
            throw f.error("gw", e.getMessage(), e);
        }
    }

    public static Dns decodeDns(Fields f) {
        return new Dns(f.strings("nameservers"), f.string("domain").orElse(null), f.strings("search"),
                f.strings("options"));
    }

    /** Encodes the result in its own version's format. */
    public static ObjectNode encode(Result r) {
        ObjectNode out = Json.object();
        out.put("cniVersion", r.version().text());
        if (!r.interfaces().isEmpty()) {
            ArrayNode a = out.putArray("interfaces");
            r.interfaces().forEach(i -> a.add(encodeInterface(i)));
        }
        if (!r.ips().isEmpty()) {
            ArrayNode a = out.putArray("ips");
            boolean withFamily = !r.version().atLeast(CniVersion.V1_0_0);
            r.ips().forEach(ip -> a.add(encodeIp(ip, withFamily)));
        }
        if (!r.routes().isEmpty()) {
            ArrayNode a = out.putArray("routes");
            r.routes().forEach(rt -> a.add(encodeRoute(rt)));
        }
        if (!r.dns().isEmpty()) {
            out.set("dns", encodeDns(r.dns()));
        }
        return out;
    }

    public static byte[] encodeBytes(Result r) {
        return Json.bytes(encode(r));
    }

    private static ObjectNode encodeInterface(Interface i) {
        ObjectNode o = Json.object();
        o.put("name", i.name());
        putIf(o, "mac", i.mac());
        if (i.mtu() != null) {
            o.put("mtu", i.mtu());
        }
        putIf(o, "sandbox", i.sandbox());
        putIf(o, "socketPath", i.socketPath());
        putIf(o, "pciID", i.pciId());
        return o;
    }

    private static ObjectNode encodeIp(IpConfig ip, boolean withFamily) {
        ObjectNode o = Json.object();
        if (withFamily) {
            o.put("version", ip.isV4() ? "4" : "6");
        }
        if (ip.interfaceIndex() != null) {
            o.put("interface", ip.interfaceIndex());
        }
        o.put("address", ip.address().toString());
        if (ip.gateway() != null) {
            o.put("gateway", ip.gateway().toString());
        }
        return o;
    }

    public static ObjectNode encodeRoute(Route r) {
        ObjectNode o = Json.object();
        o.put("dst", r.dst().toString());
        if (r.gw() != null) {
            o.put("gw", r.gw().toString());
        }
        putIf(o, "mtu", r.mtu());
        putIf(o, "advmss", r.advmss());
        putIf(o, "priority", r.priority());
        // table and scope are pointers in Go's route type: 0 (RT_SCOPE_UNIVERSE, unspec table) is a value
        if (r.table() != null) {
            o.put("table", r.table());
        }
        if (r.scope() != null) {
            o.put("scope", r.scope());
        }
        return o;
    }

    public static ObjectNode encodeDns(Dns d) {
        ObjectNode o = Json.object();
        if (!d.nameservers().isEmpty()) {
            d.nameservers().forEach(o.putArray("nameservers")::add);
        }
        putIf(o, "domain", d.domain());
        if (!d.search().isEmpty()) {
            d.search().forEach(o.putArray("search")::add);
        }
        if (!d.options().isEmpty()) {
            d.options().forEach(o.putArray("options")::add);
        }
        return o;
    }

    private static void putIf(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, value);
        }
    }

    private static void putIf(ObjectNode o, String key, Integer value) {
        if (value != null && value != 0) {
            o.put(key, value);
        }
    }
}
