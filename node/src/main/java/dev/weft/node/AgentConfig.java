package dev.weft.node;

import dev.weft.net.IpAddress;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one agent needs: its node name and underlay address, where to write {@code subnet.env},
 * where to remember its subnet across restarts, the MTU pods get, whether pods masquerade, and,
 * on the underlay backend, where pods attach, or on a routed backend with a cluster pool, which
 * pool bridge pods are addressed from, or whether pods on the node subnet are routed rather than
 * bridged (bgp; {@code subnet.env} tells the plugin).
 */
public record AgentConfig(String node, IpAddress publicIp, Path subnetFile, Path stateFile, int mtu, boolean ipMasq,
                          Map<String, String> backendData, java.util.Optional<dev.weft.nodestate.SubnetEnv.Underlay> underlay,
                          java.util.Optional<dev.weft.nodestate.SubnetEnv.BridgePool> bridgePool, boolean routedPods) {
    /** Pods on the node subnet's bridge, on the underlay, or on the bridge from a pool. */
    public AgentConfig(String node, IpAddress publicIp, Path subnetFile, Path stateFile, int mtu, boolean ipMasq,
                       Map<String, String> backendData, java.util.Optional<dev.weft.nodestate.SubnetEnv.Underlay> underlay,
                       java.util.Optional<dev.weft.nodestate.SubnetEnv.BridgePool> bridgePool) {
        this(node, publicIp, subnetFile, stateFile, mtu, ipMasq, backendData, underlay, bridgePool, false);
    }

    /** Pods on the node subnet or on the underlay. */
    public AgentConfig(String node, IpAddress publicIp, Path subnetFile, Path stateFile, int mtu, boolean ipMasq,
                       Map<String, String> backendData, java.util.Optional<dev.weft.nodestate.SubnetEnv.Underlay> underlay) {
        this(node, publicIp, subnetFile, stateFile, mtu, ipMasq, backendData, underlay, java.util.Optional.empty());
    }

    /** Pods on the node subnet (every backend but the underlay). */
    public AgentConfig(String node, IpAddress publicIp, Path subnetFile, Path stateFile, int mtu, boolean ipMasq,
                       Map<String, String> backendData) {
        this(node, publicIp, subnetFile, stateFile, mtu, ipMasq, backendData, java.util.Optional.empty());
    }

    public AgentConfig {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node name is required");
        }
        if (mtu < 0 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " is out of range");
        }
        backendData = Map.copyOf(backendData);
        underlay = underlay == null ? java.util.Optional.empty() : underlay;
        bridgePool = bridgePool == null ? java.util.Optional.empty() : bridgePool;
        if (routedPods && (underlay.isPresent() || bridgePool.isPresent())) {
            throw new IllegalArgumentException("routed pods are on the node subnet, not on the underlay or a pool");
        }
    }
}
