package dev.weft.dhcp.packet;

import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * Option 33, static routes (RFC 2132 5.8): pairs of destination and router, 8 bytes each. The
 * destination carries no mask; as the reference plugin does, it gets its classful one (A /8, B
 * /16, C /24) — unless it has bits set beyond that mask, in which case it can only mean the host
 * itself and becomes a /32 (the reference would keep the host bits in a /8 and so route a whole
 * class A network to it). Ignored when option 121 is present (RFC 3442).
 */
public final class StaticRoutes {
    private StaticRoutes() {
    }

    /** The routes of a value whose length is a multiple of 8 (the codec checked it). */
    public static List<Route> decode(Octets value) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i + 8 <= value.length(); i += 8) {
            IpAddress dst = ClasslessRoutes.address(value, i);
            IpAddress router = ClasslessRoutes.address(value, i + 4);
            Cidr classful = Cidr.of(dst, classfulPrefix(value.at(i)));
            routes.add(Route.of(classful.network().equals(dst) ? classful : Cidr.host(dst), router));
        }
        return List.copyOf(routes);
    }

    /** The classful prefix of an address starting with {@code firstOctet}: 8, 16, 24 or 32 (class D/E). */
    static int classfulPrefix(int firstOctet) {
        if (firstOctet < 128) {
            return 8;
        }
        if (firstOctet < 192) {
            return 16;
        }
        return firstOctet < 224 ? 24 : 32;
    }
}
