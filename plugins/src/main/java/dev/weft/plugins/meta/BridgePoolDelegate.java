package dev.weft.plugins.meta;

import dev.weft.nodestate.SubnetEnv;
import tools.jackson.databind.node.ObjectNode;

/**
 * The delegate on a routed backend with a cluster pool (host-gw, vxlan, bgp): weft-bridge as on the
 * node subnet, but addressed by weft-ipam from the pool with the agent's datastore, node name and
 * data dir, pods as host prefixes behind the bridge's link-local gateway ({@code hostPrefix}: the
 * pool's blocks are spread over the nodes, so no pod of another node may look on-link), and the
 * pool left unmasqueraded.
 */
final class BridgePoolDelegate {
    private BridgePoolDelegate() {
    }

    /** Turns the node-subnet bridge delegate {@code d} into the pool's. */
    static void fill(ObjectNode d, SubnetEnv.BridgePool p) {
        d.put("hostPrefix", true);
        d.put("ipMasqNetwork", p.poolNetwork().toString());
        ObjectNode ipam = d.putObject("ipam"); // replaces weft-host-local's
        ipam.put("type", "weft-ipam");
        ipam.put("pool", p.pool());
        ipam.put("datastore", p.datastore());
        ipam.put("node", p.node());
        ipam.put("dataDir", p.ipamDataDir().toString());
    }
}
