package dev.weft.plugins.common;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.plugins.net.RouteTo;

import java.util.List;
import java.util.Optional;

/** Configuring the container side from an IPAM result, shared by the veth- and macvlan-style plugins. */
public final class Attach {
    private Attach() {
    }

    /** The IPAM result must hold at least one address. */
    public static Result requireIps(Result ipam, String ipamType) {
        if (ipam.ips().isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                    "IPAM plugin \"" + ipamType + "\" returned no IP configuration");
        }
        return ipam;
    }

    /**
     * Gives {@code link} its addresses and routes and brings it up. DAD is turned off for the
     * interface first (addresses are unique by IPAM), unless {@code dad} is set.
     */
    public static void configure(Namespace ns, Link link, List<IpConfig> ips, List<Route> routes, boolean dad) {
        if (!dad && ips.stream().anyMatch(ip -> !ip.isV4())) {
            ns.sysctl("net/ipv6/conf/" + link.name() + "/accept_dad", "0");
        }
        List<RouteTo> out = routes.stream()
                .map(r -> new RouteTo(r.dst(), r.gw() != null ? r.gw() : gatewayFor(ips, r.dst()).orElse(null))).toList();
        ns.configure(link, ips.stream().map(IpConfig::address).toList(), out);
    }

    /** The gateway of the first address of the route's family. */
    public static Optional<IpAddress> gatewayFor(List<IpConfig> ips, Cidr dst) {
        return ips.stream().filter(ip -> ip.isV4() == dst.isV4()).map(IpConfig::gateway)
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * The gateway IPAM named, or the first address of the subnet as the reference bridge picks.
     * An IPAM result is outside input: an address at the very end of its family (such as
     * {@code 255.255.255.255/32}) without a gateway has no such address, which is code 7.
     */
    public static InterfaceAddress gatewayAddress(IpConfig ip) {
        IpAddress gw = ip.gateway();
        if (gw == null) {
            try {
                gw = ip.address().network().network().plus(1);
            } catch (IllegalArgumentException wraps) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "IPAM returned address " + ip.address()
                        + " without a gateway, and no address follows its subnet's first to use as one", wraps);
            }
        }
        return new InterfaceAddress(gw, ip.address().prefixLength());
    }

    /**
     * The addresses of {@code prev} that belong to the container interface {@code ifName}: those
     * whose {@code interface} index points at it (or all, when the result has no indexes).
     */
    public static List<IpConfig> addressesOf(Result prev, String ifName) {
        List<dev.weft.cni.result.Interface> ifs = prev.interfaces();
        return prev.ips().stream().filter(ip -> ip.interfaceIndex() == null || ifs.isEmpty()
                || (ip.interfaceIndex() < ifs.size() && ifs.get(ip.interfaceIndex()).name().equals(ifName)
                    && ifs.get(ip.interfaceIndex()).inSandbox())).toList();
    }

    /** The default route of a family. */
    public static Cidr defaultRoute(boolean v4) {
        return v4 ? Cidr.parse("0.0.0.0/0") : Cidr.parse("::/0");
    }
}
