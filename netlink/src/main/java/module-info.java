/** weft module netlink: see docs/ARCHITECTURE.md. */
module dev.weft.netlink {
    requires transitive dev.weft.values;
    exports dev.weft.netlink;
    exports dev.weft.netlink.addr;
    exports dev.weft.netlink.bpf;
    exports dev.weft.netlink.codec;
    exports dev.weft.netlink.conntrack;
    exports dev.weft.netlink.ethtool;
    exports dev.weft.netlink.event;
    exports dev.weft.netlink.link;
    exports dev.weft.netlink.neigh;
    exports dev.weft.netlink.nflog;
    exports dev.weft.netlink.ns;
    exports dev.weft.netlink.route;
    exports dev.weft.netlink.socket;
    exports dev.weft.netlink.sys;
    exports dev.weft.netlink.tc;
}
