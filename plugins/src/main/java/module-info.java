/** weft module plugins: see docs/ARCHITECTURE.md. */
module dev.weft.plugins {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires dev.weft.netlink;
    requires dev.weft.nft;
    requires dev.weft.nodestate;
    requires dev.weft.sdk;
    requires tools.jackson.databind;
    exports dev.weft.plugins.bridge;
    exports dev.weft.plugins.common;
    exports dev.weft.plugins.hostdevice;
    exports dev.weft.plugins.loopback;
    exports dev.weft.plugins.macvlan;
    exports dev.weft.plugins.meta;
    exports dev.weft.plugins.net;
    exports dev.weft.plugins.ptp;
}
