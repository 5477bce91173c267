/** weft module lab: see docs/ARCHITECTURE.md. */
module dev.weft.lab {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires dev.weft.bgp;
    requires dev.weft.cluster;
    requires dev.weft.invoke;
    requires dev.weft.netlink;
    requires dev.weft.node;
    requires dev.weft.nodestate;
    requires dev.weft.policy;
    requires dev.weft.runtime;
    requires dev.weft.store;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;
    exports dev.weft.lab;
}
