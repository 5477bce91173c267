package dev.weft.dhcp.packet;

import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Option 121, classless static routes (RFC 3442), in its compact encoding: per route the prefix
 * width (0-32), only the significant octets of the destination ({@code ceil(width / 8)}), then the
 * 4-byte router. {@code 0.0.0.0/0} is a default route. A router of {@code 0.0.0.0} means the
 * destination is on the link; it becomes a route without a gateway.
 *
 * <p>RFC 3442: when a server sends option 121, the client ignores options 3 (router) and 33
 * (static routes); the lease ({@code dhcp.lease.Lease}) applies that rule.
 */
public final class ClasslessRoutes {
    private ClasslessRoutes() {
    }

    /** The routes in {@code value}; throws {@link IllegalArgumentException} naming the malformed entry. */
    public static List<Route> decode(Octets value) {
        List<Route> routes = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            int width = value.at(i);
            if (width > 32) {
                throw new IllegalArgumentException("route " + (routes.size() + 1) + " at byte " + i
                        + " has prefix width " + width + " (at most 32)");
            }
            int significant = (width + 7) / 8;
            if (i + 1 + significant + 4 > value.length()) {
                throw new IllegalArgumentException("route " + (routes.size() + 1) + " at byte " + i
                        + " needs " + (1 + significant + 4) + " bytes, " + (value.length() - i) + " left");
            }
            byte[] dst = new byte[4];
            for (int k = 0; k < significant; k++) {
                dst[k] = (byte) value.at(i + 1 + k);
            }
            IpAddress network = IpAddress.of(dst);
            Cidr cidr = Cidr.of(network, width);
            if (!cidr.network().equals(network)) {
                throw new IllegalArgumentException("route " + (routes.size() + 1) + " destination " + network + "/"
                        + width + " has host bits set");
            }
            IpAddress router = address(value, i + 1 + significant);
            routes.add(Route.of(cidr, router.isUnspecified() ? null : router));
            i += 1 + significant + 4;
        }
        return List.copyOf(routes);
    }

    /** The compact encoding of {@code routes} (IPv4 only; a route without gateway gets router 0.0.0.0). */
    public static Octets encode(List<Route> routes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Route r : routes) {
            if (!r.dst().isV4()) {
                throw new IllegalArgumentException("option 121 holds IPv4 routes, not " + r.dst());
            }
            int width = r.dst().prefixLength();
            out.write(width);
            out.write(r.dst().network().bytes(), 0, (width + 7) / 8);
            out.writeBytes(r.gw() == null ? new byte[4] : r.gw().bytes());
        }
        return Octets.of(out.toByteArray());
    }

    static IpAddress address(Octets value, int offset) {
        return IpAddress.of(new byte[] {(byte) value.at(offset), (byte) value.at(offset + 1),
                (byte) value.at(offset + 2), (byte) value.at(offset + 3)});
    }
}
