package dev.weft.sdk;

import dev.weft.cni.CniVersion;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/** A STATUS call: the network's configuration for this plugin. */
public record StatusRequest(String network, CniVersion version, ObjectNode config, List<Path> cniPath) {
    public StatusRequest {
        cniPath = List.copyOf(cniPath);
    }
}
