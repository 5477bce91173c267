/** weft module dhcp: see docs/ARCHITECTURE.md. */
module dev.weft.dhcp {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires dev.weft.netlink;
    requires tools.jackson.databind;
    exports dev.weft.dhcp;
    exports dev.weft.dhcp.client;
    exports dev.weft.dhcp.daemon;
    exports dev.weft.dhcp.lease;
    exports dev.weft.dhcp.packet;
    exports dev.weft.dhcp.testing;
    exports dev.weft.dhcp.transport;
}
