package dev.weft.node.backend;

import dev.weft.cluster.ClusterConfig;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.store.Datastore;

import java.nio.file.Path;

import java.nio.file.Path;

/**
 * What a backend is set up from: the node's netlink handle, its underlay address, the MTU of the
 * device holding that address, the cluster configuration, the agent's backend options, the
 * datastore (a backend with settings of its own, bgp, reads and watches them there), the run
 * directory where a backend keeps a daemon's files (bgp: {@code RUN/bird/}) and a directory for
 * the backend's own state (the udp backend's datapath pid, peers and status files).
 */
public record BackendContext(Netlink nl, String node, IpAddress publicIp, int uplinkMtu, ClusterConfig cluster,
                             TxChecksum vxlanTxChecksum, Datastore store, Path runDir, Path stateDir) {
}
