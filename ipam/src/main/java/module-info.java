/** weft module ipam: see docs/ARCHITECTURE.md. */
module dev.weft.ipam {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires transitive dev.weft.dhcp;
    requires dev.weft.sdk;
    requires dev.weft.netlink;
    requires tools.jackson.databind;
    exports dev.weft.ipam.dhcp;
    exports dev.weft.ipam.hostlocal;
    exports dev.weft.ipam.staticip;
}
