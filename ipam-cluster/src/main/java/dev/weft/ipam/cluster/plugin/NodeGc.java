package dev.weft.ipam.cluster.plugin;

import dev.weft.cni.Attachment;
import dev.weft.ipam.cluster.ClusterIpam;

import java.util.Set;

/** The CNI GC command of {@code weft-ipam} (see the package notes for why it is authoritative). */
final class NodeGc {
    private NodeGc() {
    }

    /**
     * Releases every attachment this node's records hold for {@code network} that the runtime did
     * not list as valid, and forgets its record; returns how many. Attachments of other networks
     * (which may share the pool) and attachments without a record are not touched.
     */
    static int cniGc(ClusterIpam ipam, AttachmentRecords records, String network, Set<Attachment> valid) {
        int n = 0;
        for (AttachmentRecord r : records.all()) {
            Attachment a = new Attachment(r.attachment().containerId(), r.attachment().ifName().value());
            if (!r.network().equals(network) || valid.contains(a)) {
                continue;
            }
            ipam.release(r.attachment());
            records.delete(r.attachment());
            n++;
        }
        return n;
    }
}
