package dev.weft.lab;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteSpec;

/**
 * Builds the lab's underlay with weft's own netlink: the fabric namespace with one bridge per
 * underlay subnet, the router namespace for {@code l3}, and each node's uplink {@code eth0}. All
 * of it lives in the lab's namespaces; the root namespace is never touched.
 */
final class Underlay {
    private static final Cidr SIDE_B = Cidr.parse("172.30.1.0/24");

    private Underlay() {
    }

    /** The fabric (and, for {@code l3}, the router); idempotent only in the sense that up fails on a leftover. */
    static void fabric(LabLayout layout, Topology topology) {
        try (NetNs fabric = NetNs.create(layout.fabricNs()); Netlink nl = Netlink.open(fabric)) {
            nl.links().setUp(nl.links().require("lo").index());
            int br0 = bridge(nl, "br0");
            nl.addresses().add(br0, InterfaceAddress.parse(LabLayout.FABRIC_IP + "/24"));
            if (topology == Topology.L3) {
                bridge(nl, "br1");
                try (NetNs router = NetNs.create(layout.routerNs()); Netlink rn = Netlink.open(router)) {
                    rn.links().setUp(rn.links().require("lo").index());
                    for (int side = 0; side < 2; side++) {
                        plug(nl, "br" + side, "r" + side, router, rn, "eth" + side,
                                LabLayout.gateway(side) + "/24");
                    }
                    router.sysctl("net/ipv4/ip_forward", "1");
                }
                nl.routes().replace(RouteSpec.via(SIDE_B, LabLayout.gateway(0), br0));
            }
        }
    }

    /** Node {@code i}'s namespace, plugged into its side of the fabric, forwarding on. */
    static String node(LabLayout layout, Topology topology, int i) {
        String node = LabLayout.nodeName(i);
        String address = LabLayout.nodeAddress(i, topology);
        int side = LabLayout.side(i, topology);
        try (NetNs fabric = NetNs.named(layout.fabricNs()); Netlink nl = Netlink.open(fabric);
             NetNs ns = NetNs.create(layout.nodeNs(node)); Netlink nn = Netlink.open(ns)) {
            nn.links().setUp(nn.links().require("lo").index());
            int eth0 = plug(nl, "br" + side, node, ns, nn, "eth0", address);
            if (topology == Topology.L3) {
                nn.routes().replace(RouteSpec.via(Cidr.parse("0.0.0.0/0"), LabLayout.gateway(side), eth0));
            }
            ns.sysctl("net/ipv4/ip_forward", "1");
        }
        return address;
    }

    private static int bridge(Netlink nl, String name) {
        nl.links().add(new LinkSpec.Bridge(InterfaceName.of(name), 0, false));
        int index = nl.links().require(name).index();
        nl.links().setUp(index);
        return index;
    }

    /** A veth from the fabric bridge into {@code ns}, addressed and up; returns the inner index. */
    private static int plug(Netlink fabric, String bridge, String port, NetNs ns, Netlink inner, String ifName,
                            String address) {
        fabric.links().add(new LinkSpec.Veth(InterfaceName.of(port), 0, InterfaceName.of(ifName), ns.fd()));
        int p = fabric.links().require(port).index();
        fabric.links().setMaster(p, fabric.links().require(bridge).index());
        fabric.links().setUp(p);
        int in = inner.links().require(ifName).index();
        inner.addresses().add(in, InterfaceAddress.parse(address));
        inner.links().setUp(in);
        return in;
    }

    static IpAddress fabricIp() {
        return LabLayout.FABRIC_IP;
    }
}
