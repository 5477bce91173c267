/** weft module node: see docs/ARCHITECTURE.md. */
module dev.weft.node {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.values;
    requires dev.weft.bgp;
    requires dev.weft.cluster;
    requires transitive dev.weft.dhcp;
    requires dev.weft.fastpath;
    requires dev.weft.invoke;
    requires dev.weft.ipam;
    requires dev.weft.ipam.cluster;
    requires dev.weft.netlink;
    requires dev.weft.nft;
    requires dev.weft.nodestate;
    requires dev.weft.overlay.udp;
    requires dev.weft.plugins;
    requires dev.weft.policy;
    requires dev.weft.sdk;
    requires dev.weft.store;
    requires tools.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.unixdomain.server;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    uses dev.weft.node.backend.BackendFactory;
    provides dev.weft.node.backend.BackendFactory with dev.weft.node.backend.HostGwBackendFactory,
            dev.weft.node.backend.VxlanBackendFactory,
            dev.weft.node.backend.bgp.BgpBackendFactory,
            dev.weft.node.backend.MacvlanBackendFactory,
            dev.weft.node.backend.UdpBackendFactory;
    exports dev.weft.node;
    exports dev.weft.node.backend;
    exports dev.weft.node.cni;
    exports dev.weft.node.dhcp;
    exports dev.weft.node.install;
    exports dev.weft.node.ipam;
    exports dev.weft.node.metrics;
    exports dev.weft.node.plugins;
    exports dev.weft.node.policy;
    exports dev.weft.node.reconcile;
}
