package dev.weft.node;

import dev.weft.net.IpAddress;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one agent needs: its node name and underlay address, where to write {@code subnet.env},
 * where to remember its subnet across restarts, the MTU pods get, and whether pods masquerade.
 */
public record AgentConfig(String node, IpAddress publicIp, Path subnetFile, Path stateFile, int mtu, boolean ipMasq,
                          Map<String, String> backendData) {
    public AgentConfig {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node name is required");
        }
        if (mtu < 0 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " is out of range");
        }
        backendData = Map.copyOf(backendData);
    }
}
