/** weft module cnm: Docker's network and IPAM drivers (see docs/ARCHITECTURE.md and the package notes). */
module dev.weft.cnm {
    requires transitive dev.weft.values;
    requires dev.weft.cni;
    requires dev.weft.invoke;
    requires dev.weft.ipam;
    requires dev.weft.netlink;
    requires dev.weft.node;
    requires dev.weft.nodestate;
    requires dev.weft.plugins;
    requires tools.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.unixdomain.server;
    exports dev.weft.cnm;
    exports dev.weft.cnm.docker;
    exports dev.weft.cnm.ipam;
    exports dev.weft.cnm.network;
    exports dev.weft.cnm.server;
    exports dev.weft.cnm.state;
    exports dev.weft.cnm.wire;
}
