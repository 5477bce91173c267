package dev.weft.ipam.staticip;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import dev.weft.cni.result.Dns;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.result.Route;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.cni.CniArgs;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The static IPAM section. Addresses given by the caller replace configured ones, as in the
 * reference plugin; addresses must carry a prefix length.
 */
public record StaticConfig(List<IpConfig> addresses, List<Route> routes, Dns dns) {

    public static StaticConfig parse(ObjectNode stdin, RuntimeConfig rc, CniArgs args, ObjectNode runtimeIps) {
        Fields ipam = Fields.ofConfig(stdin, "").nested("ipam");
        List<IpConfig> addrs = new ArrayList<>(ipam.list("addresses", e -> address(e.asObject())));
        List<IpConfig> requested = requested(stdin, args, runtimeIps);
        if (!requested.isEmpty()) {
            addrs = requested;
        }
        if (addrs.isEmpty()) {
            throw ipam.error("addresses", "is empty: static IPAM needs at least one address");
        }
        Dns dns = ipam.object("dns").map(d -> ResultCodec.decodeDns(Fields.ofConfig(d, ipam.path("dns"))))
                .orElse(Dns.EMPTY);
        return new StaticConfig(addrs, ipam.list("routes", e -> ResultCodec.decodeRoute(e.asObject())), dns);
    }

    private static IpConfig address(Fields f) {
        InterfaceAddress a = f.parsed("address", InterfaceAddress::parse).orElseThrow(() -> f.error("address", "is required"));
        IpAddress gw = f.parsed("gateway", IpAddress::parse).orElse(null);
        try {
            return new IpConfig(a, gw, null);
        } catch (IllegalArgumentException e) {
            throw f.error("gateway", e.getMessage(), e);
        }
    }

    /** runtimeConfig.ips (with prefixes), then args.cni.ips, then CNI_ARGS IP/GATEWAY. */
    private static List<IpConfig> requested(ObjectNode stdin, CniArgs args, ObjectNode runtimeIps) {
        Fields top = Fields.ofConfig(stdin, "");
        List<IpConfig> out = new ArrayList<>();
        if (runtimeIps != null) {
            out.addAll(Fields.ofConfig(runtimeIps, "runtimeConfig").list("ips",
                    e -> new IpConfig(e.parsed(InterfaceAddress::parse), null, null)));
        }
        out.addAll(top.nested("args").nested("cni").list("ips",
                e -> new IpConfig(e.parsed(InterfaceAddress::parse), null, null)));
        args.get("IP").ifPresent(v -> {
            List<IpAddress> gws = args.get("GATEWAY").map(StaticConfig::ipList).orElse(List.of());
            for (String s : v.split(",")) {
                InterfaceAddress a = parseArg("IP", s.strip(), InterfaceAddress::parse);
                IpAddress gw = gws.stream().filter(g -> g.isV4() == a.isV4()).findFirst().orElse(null);
                out.add(new IpConfig(a, gw, null));
            }
        });
        return out;
    }

    private static List<IpAddress> ipList(String v) {
        return java.util.Arrays.stream(v.split(",")).map(s -> parseArg("GATEWAY", s.strip(), IpAddress::parse)).toList();
    }

    private static <T> T parseArg(String key, String s, java.util.function.Function<String, T> p) {
        try {
            return p.apply(s);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_ARGS " + key + ": " + e.getMessage(), e);
        }
    }
}
