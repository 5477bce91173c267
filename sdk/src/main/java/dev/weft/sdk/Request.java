package dev.weft.sdk;

import dev.weft.cni.CniVersion;
import dev.weft.cni.ContainerId;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceName;
import dev.weft.cni.CniArgs;
import dev.weft.cni.Command;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One ADD, DEL or CHECK call, validated. {@code netns} is empty on a DEL whose namespace is gone.
 * {@code config} is the whole stdin document, for the plugin to read into its own config record;
 * {@code prevResult} is already converted to {@code version}.
 */
public record Request(Command command, ContainerId containerId, String netns, InterfaceName ifName, CniArgs args,
                      List<Path> cniPath, String network, CniVersion version, ObjectNode config,
                      Optional<Result> prevResult, RuntimeConfig runtimeConfig) {
    public Request {
        cniPath = List.copyOf(cniPath);
        netns = netns == null ? "" : netns;
    }

    /** The (container ID, interface) key of this attachment. */
    public dev.weft.cni.Attachment attachment() {
        return new dev.weft.cni.Attachment(containerId.value(), ifName.value());
    }

    public boolean hasNetns() {
        return !netns.isEmpty();
    }
}
