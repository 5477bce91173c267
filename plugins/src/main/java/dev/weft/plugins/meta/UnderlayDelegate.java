package dev.weft.plugins.meta;

import dev.weft.nodestate.SubnetEnv;
import tools.jackson.databind.node.ObjectNode;

/**
 * The delegate on the macvlan (underlay) backend: weft-macvlan in bridge mode on the node's
 * uplink, addressed by weft-ipam from the cluster's pool with the agent's datastore, node name and
 * data dir, and a default route through the pool's gateway (the segment's router). No masquerade,
 * no node subnet: pods are plain hosts of the segment.
 */
final class UnderlayDelegate {
    private UnderlayDelegate() {
    }

    static void fill(ObjectNode d, SubnetEnv s, SubnetEnv.Underlay u) {
        d.put("type", "weft-macvlan");
        d.put("master", u.uplink().value());
        d.put("mode", "bridge");
        if (s.mtu() > 0) {
            d.put("mtu", s.mtu());
        }
        ObjectNode ipam = d.putObject("ipam");
        ipam.put("type", "weft-ipam");
        ipam.put("pool", u.pool());
        ipam.put("datastore", u.datastore());
        ipam.put("node", u.node());
        ipam.put("dataDir", u.ipamDataDir().toString());
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0"); // via the pool's gateway
    }
}
