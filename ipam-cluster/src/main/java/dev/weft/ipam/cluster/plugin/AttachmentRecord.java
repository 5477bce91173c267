package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.AttachmentId;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code weft-ipam} leaves on its node for each attachment it serves, written before the
 * allocation and removed after the release: the attachment, its network (CNI GC is per network),
 * the namespace path the runtime gave ({@code CNI_NETNS}) with that namespace's inode when it
 * could be read (a path may later name another namespace), the pod when known, and when.
 */
public record AttachmentRecord(AttachmentId attachment, String network, String netns, OptionalLong netnsInode,
                               Optional<String> pod, long at) {
    public AttachmentRecord {
        if (attachment == null) {
            throw new IllegalArgumentException("attachment is required");
        }
        if (network == null || network.isEmpty()) {
            throw new IllegalArgumentException("network is required");
        }
        netns = netns == null ? "" : netns;
        netnsInode = netnsInode == null ? OptionalLong.empty() : netnsInode;
        pod = pod == null ? Optional.empty() : pod;
    }
}
