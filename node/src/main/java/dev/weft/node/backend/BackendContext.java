package dev.weft.node.backend;

import dev.weft.cluster.ClusterConfig;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;

import java.nio.file.Path;

/**
 * What a backend is set up from: the node's netlink handle, its underlay address, the MTU of the
 * device holding that address, the cluster configuration, the agent's backend options, and a
 * directory for the backend's own state (the udp backend's datapath pid, peers and status files).
 */
public record BackendContext(Netlink nl, String node, IpAddress publicIp, int uplinkMtu, ClusterConfig cluster,
                             TxChecksum vxlanTxChecksum, Path stateDir) {
}
