/** weft module doctor: see docs/ARCHITECTURE.md. */
module dev.weft.doctor {
    requires transitive dev.weft.values;
    requires dev.weft.cni;
    requires dev.weft.netlink;
    requires dev.weft.nft;
    requires dev.weft.store;
    requires dev.weft.cluster;
    requires dev.weft.ipam.cluster;
    requires dev.weft.bgp;
    requires dev.weft.nodestate;
    requires dev.weft.fastpath;
    requires dev.weft.node;
    requires java.net.http;
    requires tools.jackson.databind;
    exports dev.weft.doctor;
    exports dev.weft.doctor.finding;
    exports dev.weft.doctor.advice;
    exports dev.weft.doctor.probe;
    exports dev.weft.doctor.check;
}
