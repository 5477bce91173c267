package dev.weft.ipam.cluster.plugin;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.result.Route;
import dev.weft.ipam.cluster.Names;
import dev.weft.net.IpAddress;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ipam} section of {@code weft-ipam}, validated (errors are code 7 naming the field
 * path, e.g. {@code ipam.pool}): the pool (or {@code pools}, one per address family for dual
 * stack), the datastore, the node, where the plugin keeps its per-attachment records, the routes
 * to return, and the addresses the caller asked for ({@code runtimeConfig.ips},
 * {@code args.cni.ips}, {@code CNI_ARGS IP=a,b}). See the package notes for every key.
 */
public record WeftIpamConfig(String network, List<String> pools, String datastore, Optional<String> node, Path dataDir,
                             List<Route> routes, List<IpAddress> requested) {
    /** The datastore of {@code weft agent} and the CLI when none is given. */
    public static final String DEFAULT_DATASTORE = "/var/lib/weft/store.json";
    /** Where the per-attachment records (and the host lock) live when {@code dataDir} is not given. */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/cni/weft-ipam");

    public WeftIpamConfig {
        pools = List.copyOf(pools);
        routes = List.copyOf(routes);
        requested = List.copyOf(requested);
    }

    public static WeftIpamConfig parse(ObjectNode stdin, RuntimeConfig rc, CniArgs args) {
        Fields top = Fields.ofConfig(stdin, "");
        String network = top.requiredString("name");
        Fields ipam = top.nested("ipam");
        return new WeftIpamConfig(network, pools(ipam), datastore(ipam), node(ipam),
                ipam.absolutePath("dataDir").orElse(DEFAULT_DATA_DIR),
                ipam.list("routes", e -> ResultCodec.decodeRoute(e.asObject())), requested(top, rc, args));
    }

    /** {@code pool}, or {@code pools} (at most one per address family is checked against the store at ADD). */
    private static List<String> pools(Fields ipam) {
        if (ipam.has("pool") && ipam.has("pools")) {
            throw ipam.error("pools", "cannot be given together with \"pool\": use one of them");
        }
        List<String> names = ipam.has("pool") ? List.of(ipam.requiredString("pool")) : ipam.strings("pools");
        if (names.isEmpty()) {
            throw ipam.error(ipam.has("pools") ? "pools" : "pool", ipam.has("pools") ? "is empty: name at least one IP pool"
                    : "is required: the IP pool to allocate from (weft ipam pool add NAME CIDR)");
        }
        String field = ipam.has("pool") ? "pool" : "pools";
        for (int i = 0; i < names.size(); i++) {
            String f = ipam.has("pool") ? field : field + "[" + i + "]";
            try {
                Names.pool("pool", names.get(i));
            } catch (IllegalArgumentException e) {
                throw ipam.error(f, e.getMessage(), e);
            }
            if (names.subList(0, i).contains(names.get(i))) {
                throw ipam.error(f, "names pool " + names.get(i) + " twice");
            }
        }
        return names;
    }

    private static String datastore(Fields ipam) {
        Optional<String> d = ipam.string("datastore");
        if (d.isEmpty()) {
            return DEFAULT_DATASTORE;
        }
        try {
            return DatastoreUrl.normalize(d.get());
        } catch (IllegalArgumentException e) {
            throw ipam.error("datastore", e.getMessage(), e);
        }
    }

    private static Optional<String> node(Fields ipam) {
        Optional<String> n = ipam.string("node");
        try {
            n.ifPresent(v -> Names.node("node", v));
        } catch (IllegalArgumentException e) {
            throw ipam.error("node", e.getMessage(), e);
        }
        return n;
    }

    private static List<IpAddress> requested(Fields top, RuntimeConfig rc, CniArgs args) {
        List<IpAddress> out = new ArrayList<>(rc.ips());
        out.addAll(top.nested("args").nested("cni").list("ips", e -> e.parsed(IpAddress::parseIgnoringPrefix)));
        args.get("IP").ifPresent(v -> {
            for (String s : v.split(",")) {
                try {
                    out.add(IpAddress.parseIgnoringPrefix(s.strip()));
                } catch (IllegalArgumentException e) {
                    throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_ARGS IP: " + e.getMessage(), e);
                }
            }
        });
        return out.stream().distinct().toList();
    }
}
