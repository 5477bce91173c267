/** weft module bench: see docs/ARCHITECTURE.md. */
module dev.weft.bench {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires dev.weft.cri;
    requires dev.weft.invoke;
    requires dev.weft.ipam;
    requires dev.weft.lab;
    requires dev.weft.netlink;
    requires dev.weft.node;
    requires dev.weft.plugins;
    requires dev.weft.sdk;
    requires dev.weft.runtime;
    requires java.desktop;
    requires tools.jackson.databind;
    exports dev.weft.bench.cni;
    exports dev.weft.bench.convergence;
    exports dev.weft.bench.cri;
    exports dev.weft.bench.dataplane;
    exports dev.weft.bench.policy;
    exports dev.weft.bench.report;
}
