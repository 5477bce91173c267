package dev.weft.plugins.bridge;

import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.plugins.common.Attach;

import java.util.ArrayList;
import java.util.List;

/**
 * weft-bridge's {@code hostPrefix} addressing (Calico's): each pod address becomes a host prefix
 * (/32, /128) and the pod's only neighbour is a link-local gateway on the bridge
 * ({@value #GATEWAY_V4}, {@code fe80::1}), reached by an on-link route, through which every other
 * route goes. No other pod is on-link, so pods of a weft-ipam pool whose blocks live on other
 * nodes are routed by the node (its block routes) instead of ARPed for on the bridge. Pure: the
 * plugin applies what this plans.
 */
final class HostPrefix {
    static final String GATEWAY_V4 = "169.254.1.1";
    static final String GATEWAY_V6 = "fe80::1";
    /** RT_SCOPE_LINK, reported on the gateway's on-link route (CNI 1.1 {@code scope}). */
    static final int SCOPE_LINK = 253;

    /**
     * What to configure: {@code pod} goes on the container interface (no gateway: the routes name
     * it), {@code result} is reported (with the gateway), {@code routes} go in the container in
     * order (the on-link gateway routes first) and are reported too.
     */
    record Plan(List<IpConfig> pod, List<IpConfig> result, List<Route> routes) {
    }

    private HostPrefix() {
    }

    static IpAddress gateway(boolean v4) {
        return IpAddress.parse(v4 ? GATEWAY_V4 : GATEWAY_V6);
    }

    /**
     * The plan for IPAM's addresses and routes; IPAM's gateways are dropped (they are not on-link
     * any more): every route goes through the link-local gateway of its family, and with
     * {@code defaultGateway} a default route per family is added when IPAM gave none.
     */
    static Plan of(List<IpConfig> ipam, List<Route> ipamRoutes, boolean defaultGateway, int interfaceIndex) {
        List<IpConfig> pod = new ArrayList<>();
        List<IpConfig> result = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (IpConfig ip : ipam) {
            IpAddress a = ip.address().address();
            InterfaceAddress host = new InterfaceAddress(a, a.bitLength());
            pod.add(new IpConfig(host, null, interfaceIndex));
            result.add(new IpConfig(host, gateway(ip.isV4()), interfaceIndex));
            Route onLink = new Route(Cidr.host(gateway(ip.isV4())), null, null, null, null, null, SCOPE_LINK);
            if (!routes.contains(onLink)) {
                routes.add(onLink);
            }
        }
        for (Route r : ipamRoutes) {
            if (ipam.stream().anyMatch(ip -> ip.isV4() == r.dst().isV4())) {
                routes.add(new Route(r.dst(), gateway(r.dst().isV4()), r.mtu(), r.advmss(), r.priority(), r.table(), r.scope()));
            }
        }
        if (defaultGateway) {
            for (boolean v4 : ipam.stream().map(IpConfig::isV4).distinct().toList()) {
                if (routes.stream().noneMatch(r -> r.dst().prefixLength() == 0 && r.dst().isV4() == v4)) {
                    routes.add(Route.of(Attach.defaultRoute(v4), gateway(v4)));
                }
            }
        }
        return new Plan(List.copyOf(pod), List.copyOf(result), List.copyOf(routes));
    }
}
