package dev.weft.cni.result;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/**
 * A route in a result or an IPAM config. The 1.1.0 fields ({@code mtu}, {@code advmss},
 * {@code priority}, {@code table}, {@code scope}) are {@code null} when absent.
 */
public record Route(Cidr dst, IpAddress gw, Integer mtu, Integer advmss, Integer priority, Integer table,
                    Integer scope) {
    public Route {
        if (dst == null) {
            throw new IllegalArgumentException("routes[].dst is required");
        }
        if (gw != null && gw.isV4() != dst.isV4()) {
            throw new IllegalArgumentException("route gateway " + gw + " is not in the family of " + dst);
        }
    }

    public static Route of(Cidr dst, IpAddress gw) {
        return new Route(dst, gw, null, null, null, null, null);
    }
}
