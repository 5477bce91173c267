/** weft module cli: see docs/ARCHITECTURE.md. */
module dev.weft.cli {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires dev.weft.bench;
    requires dev.weft.bgp;
    requires dev.weft.cluster;
    requires dev.weft.cnm;
    requires dev.weft.dhcp;
    requires dev.weft.doctor;
    requires dev.weft.fastpath;
    requires dev.weft.ipam;
    requires dev.weft.ipam.cluster;
    requires dev.weft.lab;
    requires dev.weft.netlink;
    requires dev.weft.node;
    requires dev.weft.plugins;
    requires dev.weft.policy;
    requires dev.weft.runtime;
    requires dev.weft.sdk;
    requires dev.weft.store;
    requires info.picocli;
    requires tools.jackson.databind;
    exports dev.weft.cli;
    exports dev.weft.cli.agent;
    exports dev.weft.cli.bench;
    exports dev.weft.cli.bgp;
    exports dev.weft.cli.cluster;
    exports dev.weft.cli.cni;
    exports dev.weft.cli.cnm;
    exports dev.weft.cli.dhcp;
    exports dev.weft.cli.doctor;
    exports dev.weft.cli.install;
    exports dev.weft.cli.ipam;
    exports dev.weft.cli.lab;
    exports dev.weft.cli.metrics;
    exports dev.weft.cli.policy;
}
