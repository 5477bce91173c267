package dev.weft.node.backend;

import dev.weft.cluster.ClusterConfig;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;

/**
 * What a backend is set up from: the node's netlink handle, its underlay address, the MTU of the
 * device holding that address, the cluster configuration, and the agent's backend options.
 */
public record BackendContext(Netlink nl, String node, IpAddress publicIp, int uplinkMtu, ClusterConfig cluster,
                             TxChecksum vxlanTxChecksum) {
}
