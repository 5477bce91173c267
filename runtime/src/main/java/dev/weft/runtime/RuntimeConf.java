package dev.weft.runtime;

import dev.weft.cni.Attachment;
import dev.weft.cni.ContainerId;
import dev.weft.net.InterfaceName;
import dev.weft.cni.CniArgs;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What the runtime knows about one attachment: container ID, netns path (may be empty on DEL
 * when the namespace is gone), interface name, {@code CNI_ARGS} and capability arguments.
 */
public record RuntimeConf(ContainerId containerId, String netns, InterfaceName ifName, CniArgs args,
                          Map<String, JsonNode> capabilityArgs) {
    public RuntimeConf {
        if (containerId == null || ifName == null) {
            throw new IllegalArgumentException("container ID and interface name are required");
        }
        netns = netns == null ? "" : netns;
        args = args == null ? CniArgs.EMPTY : args;
        capabilityArgs = capabilityArgs == null ? Map.of() : Map.copyOf(capabilityArgs);
    }

    public static RuntimeConf of(String containerId, String netns, String ifName) {
        return new RuntimeConf(ContainerId.of(containerId), netns, InterfaceName.of(ifName), CniArgs.EMPTY, Map.of());
    }

    public Attachment attachment() {
        return new Attachment(containerId.value(), ifName.value());
    }
}
