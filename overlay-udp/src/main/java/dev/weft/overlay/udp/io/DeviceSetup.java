package dev.weft.overlay.udp.io;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.ns.NetNs;
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

    /** Writes 1 to a sysctl of the TUN; an absent IPv6 sysctl (IPv6 disabled) is fine when not {@code required}. */
    private static void sysctl(NetNs ns, String key, boolean required) {
        try {
            if (ns != null) {
                ns.sysctl(key, "1");
            } else {
                try (NetNs self = NetNs.current()) {
                    self.sysctl(key, "1");
                }
            }
        } catch (RuntimeException e) {
            if (required) {
                throw e;
            }
        }
    }

    /** The MTU of the device holding {@code uplink}; an error naming the address when none does. */
    public static int uplinkMtu(Netlink nl, IpAddress uplink) {
        int index = nl.addresses().list().stream().filter(a -> a.address().address().equals(uplink))
                .map(AddrCodec.Addr::index).findFirst()
                .orElseThrow(() -> new IllegalStateException("udp overlay: no device holds the uplink address " + uplink));
        return nl.links().require(index).mtu();
    }

    /**
     * Brings {@code tun} into shape; returns its link. {@code ns} is the namespace {@code nl}
     * works in (null: this process's), for the one sysctl: {@code accept_local} on the TUN, without
     * which the node's own kernel drops the ICMP errors the datapath writes back (their source is
     * the gateway, a local address: a "martian" otherwise). With strict reverse-path filtering
     * ({@code rp_filter=1}) on the node they are dropped anyway; loose (2) or off (0) works. IPv6
     * is turned off on the TUN: the overlay carries IPv4 only, and the kernel's own IPv6 chatter
     * (MLD, router solicitations) would only be counted as drops.
     */
    public static LinkInfo configure(Netlink nl, NetNs ns, String tun, IpAddress gateway, Cidr cluster, int mtu) {
        LinkInfo link = nl.links().require(tun);
        if (link.mtu() != mtu) {
            nl.links().setMtu(link.index(), mtu);
        }
        nl.addresses().replace(link.index(), new InterfaceAddress(gateway, 32), 0);
        sysctl(ns, "net/ipv4/conf/" + tun + "/accept_local", true);
        sysctl(ns, "net/ipv6/conf/" + tun + "/disable_ipv6", false);
        nl.links().setUp(link.index());
        nl.routes().replace(RouteSpec.onLink(cluster, link.index()));
        return nl.links().require(link.index());
    }
}
