package dev.weft.overlay.udp.io;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.route.RouteSpec;

/**
 * Configures the TUN through weft's netlink, idempotently: MTU, the node's gateway address as a
 * /32, up, and a route for the whole cluster network through it (the local subnet's own, longer
 * route keeps local traffic local). Also finds the uplink's MTU, from which the TUN's follows.
 */
public final class DeviceSetup {
    /** The overhead of the encapsulation: outer IPv4 (20) and UDP (8) headers. */
    public static final int OVERHEAD = 28;

    private DeviceSetup() {
    }

    /** The MTU of the device holding {@code uplink}; an error naming the address when none does. */
    public static int uplinkMtu(Netlink nl, IpAddress uplink) {
        int index = nl.addresses().list().stream().filter(a -> a.address().address().equals(uplink))
                .map(AddrCodec.Addr::index).findFirst()
                .orElseThrow(() -> new IllegalStateException("udp overlay: no device holds the uplink address " + uplink));
        return nl.links().require(index).mtu();
    }

    /** Brings {@code tun} into shape; returns its link. */
    public static LinkInfo configure(Netlink nl, String tun, IpAddress gateway, Cidr cluster, int mtu) {
        LinkInfo link = nl.links().require(tun);
        if (link.mtu() != mtu) {
            nl.links().setMtu(link.index(), mtu);
        }
        nl.addresses().replace(link.index(), new InterfaceAddress(gateway, 32), 0);
        nl.links().setUp(link.index());
        nl.routes().replace(RouteSpec.onLink(cluster, link.index()));
        return nl.links().require(link.index());
    }
}
