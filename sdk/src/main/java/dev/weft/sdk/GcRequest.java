package dev.weft.sdk;

import dev.weft.cni.CniVersion;
import dev.weft.cni.Attachment;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A GC call: the attachments that are still valid; everything else the plugin holds may go. */
public record GcRequest(String network, CniVersion version, ObjectNode config, Set<Attachment> validAttachments,
                        List<Path> cniPath) {
    public GcRequest {
        validAttachments = Set.copyOf(validAttachments);
        cniPath = List.copyOf(cniPath);
    }
}
