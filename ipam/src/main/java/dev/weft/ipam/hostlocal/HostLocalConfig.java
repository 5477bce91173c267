package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.config.IpRange;
import dev.weft.cni.config.NetworkName;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.cni.CniArgs;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ipam} section for host-local, validated: range sets (legacy {@code subnet} first,
 * or the {@code ipRanges} capability instead of configured {@code ranges}), routes, data dir,
 * resolv.conf, and the addresses the caller asked for ({@code runtimeConfig.ips},
 * {@code args.cni.ips}, {@code CNI_ARGS IP=a,b}).
 *
 * <p>The network {@code name} becomes a directory under {@code dataDir}, so it must follow the
 * spec's rule for names (one safe path segment); {@code dataDir} and {@code resolvConf} are
 * absolute, normal paths, never resolved against the caller's working directory.
 */
public record HostLocalConfig(String network, List<RangeSet> rangeSets, List<Route> routes, Path dataDir,
                              Optional<Path> resolvConf, List<IpAddress> requested) {
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/cni/networks");

    public HostLocalConfig {
        rangeSets = List.copyOf(rangeSets);
        routes = List.copyOf(routes);
        requested = List.copyOf(requested);
    }

    public static HostLocalConfig parse(ObjectNode stdin, RuntimeConfig rc, CniArgs args) {
        Fields top = Fields.ofConfig(stdin, "");
        String network = NetworkName.validate(top.string("name").orElse(null), "name"); // a directory name
        Fields ipam = top.nested("ipam");
        List<RangeSet> sets = new ArrayList<>();
        if (!rc.ipRanges().isEmpty()) {
            for (int i = 0; i < rc.ipRanges().size(); i++) {
                sets.add(rangeSet(rc.ipRanges().get(i), ipam, "runtimeConfig.ipRanges[" + i + "]"));
            }
        } else {
            legacyRange(ipam).ifPresent(r -> sets.add(rangeSet(List.of(r), ipam, "subnet")));
            List<List<IpRange>> configured = ipam.list("ranges", set -> set.asList(e -> range(e.asObject())));
            for (int i = 0; i < configured.size(); i++) {
                sets.add(rangeSet(configured.get(i), ipam, "ranges[" + i + "]"));
            }
        }
        if (sets.isEmpty()) {
            throw ipam.error("ranges", "is empty: no IP ranges specified (set ipam.ranges or ipam.subnet)");
        }
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                if (sets.get(i).overlaps(sets.get(j))) {
                    throw ipam.error("ranges", "range sets " + sets.get(i) + " and " + sets.get(j) + " overlap");
                }
            }
        }
        return new HostLocalConfig(network, sets,
                ipam.list("routes", e -> ResultCodec.decodeRoute(e.asObject())),
                ipam.absolutePath("dataDir").orElse(DEFAULT_DATA_DIR),
                ipam.string("resolvConf").filter(s -> !s.isEmpty()).isPresent() ? ipam.absolutePath("resolvConf")
                        : Optional.empty(),
                requested(top, rc, args));
    }

    private static Optional<IpRange> legacyRange(Fields ipam) {
        if (!ipam.has("subnet")) {
            return Optional.empty();
        }
        return Optional.of(range(ipam));
    }

    private static IpRange range(Fields f) {
        Cidr subnet = f.parsed("subnet", s -> Cidr.parseMasked(s)).orElseThrow(() -> f.error("subnet", "is required"));
        try {
            return new IpRange(subnet, f.parsed("rangeStart", IpAddress::parse).orElse(null),
                    f.parsed("rangeEnd", IpAddress::parse).orElse(null), f.parsed("gateway", IpAddress::parse).orElse(null));
        } catch (IllegalArgumentException e) {
            throw f.error("subnet", e.getMessage(), e);
        }
    }

    private static RangeSet rangeSet(List<IpRange> ranges, Fields ipam, String field) {
        try {
            return new RangeSet(ranges.stream().map(Range::canonical).toList());
        } catch (IllegalArgumentException e) {
            throw ipam.error(field, e.getMessage(), e);
        }
    }

    private static List<IpAddress> requested(Fields top, RuntimeConfig rc, CniArgs args) {
        List<IpAddress> out = new ArrayList<>(rc.ips());
        Fields cniArgs = top.nested("args").nested("cni");
        out.addAll(cniArgs.list("ips", e -> e.parsed(IpAddress::parseIgnoringPrefix)));
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
