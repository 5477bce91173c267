package dev.weft.cni.result;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;

import java.util.List;

/**
 * A CNI result in the version it is expressed in. Build one with the canonical (1.1.0) fields and
 * convert it with {@link #asVersion}; write it with {@link ResultCodec}.
 */
public record Result(CniVersion version, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes,
                     Dns dns) {
    public Result {
        if (version == null) {
            throw new IllegalArgumentException("result version is required");
        }
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
        dns = dns == null ? Dns.EMPTY : dns;
        for (IpConfig ip : ips) {
            if (ip.interfaceIndex() != null && !interfaces.isEmpty() && ip.interfaceIndex() >= interfaces.size()) {
                throw new IllegalArgumentException("ips[].interface " + ip.interfaceIndex()
                        + " is out of range: the result has " + interfaces.size() + " interface(s)");
            }
        }
    }

    /** An empty result (what IPAM returns on no allocation, or a meta plugin's pass-through seed). */
    public static Result empty(CniVersion version) {
        return new Result(version, List.of(), List.of(), List.of(), Dns.EMPTY);
    }

    /**
     * This result expressed in {@code target}, as Go's converters do: below 1.0.0 the interfaces
     * lose {@code mtu}, {@code socketPath} and {@code pciID}. 0.1.0/0.2.0 are not supported.
     */
    public Result asVersion(CniVersion target) {
        if (!target.hasRichResult()) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                    "cannot convert a result to CNI version " + target + ": weft supports "
                            + CniVersion.supportedTexts());
        }
        List<Interface> ifs = target.atLeast(CniVersion.V1_0_0)
                ? interfaces
                : interfaces.stream().map(Interface::withoutV1Fields).toList();
        return new Result(target, ifs, ips, routes, dns);
    }

    public Result withInterfaces(List<Interface> newInterfaces) {
        return new Result(version, newInterfaces, ips, routes, dns);
    }

    public Result withIps(List<IpConfig> newIps) {
        return new Result(version, interfaces, newIps, routes, dns);
    }

    public Result withRoutes(List<Route> newRoutes) {
        return new Result(version, interfaces, ips, newRoutes, dns);
    }

    public Result withDns(Dns newDns) {
        return new Result(version, interfaces, ips, routes, newDns);
    }
}
