package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.AttachmentSource;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.JournalReader;
import dev.weft.store.Datastore;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The attachments that exist on this node, for the node's GC ({@code weft agent}'s loop, and
 * {@code weft ipam gc --node}): every attachment this node holds a handle for or keeps a
 * {@link AttachmentRecord} of, except those whose record shows their network namespace is gone
 * ({@link NetnsProbe}). So an address is only ever released once the namespace its pod was made
 * in is gone, whichever runtime made it; an attachment without a record (the plugin's data dir
 * was lost, or differs from the agent's) counts as present, which can leak but never takes a live
 * pod's address. Other nodes: "cannot tell".
 */
public final class LocalAttachments implements AttachmentSource {
    private final String node;
    private final AttachmentRecords records;
    private final Datastore store;
    private final NetnsProbe probe;
    private final JournalReader journal;
    private volatile List<AttachmentId> gone = List.of();

    public LocalAttachments(String node, AttachmentRecords records, Datastore store, NetnsProbe probe) {
        this.node = node;
        this.records = records;
        this.store = store;
        this.probe = probe;
        this.journal = new JournalReader(IpamProvider.journalDir(records.dir().getParent(), node), node);
    }

    @Override
    public Optional<Set<AttachmentId>> attachmentsOn(String n) {
        if (!n.equals(node)) {
            return Optional.empty();
        }
        // read after GC's snapshot (whereabouts #207): anything allocated since is seen here
        IpamSnapshot snap = IpamSnapshot.read(store);
        Set<AttachmentId> present = new HashSet<>();
        snap.handles().values().stream().filter(h -> h.value().node().equals(node))
                .forEach(h -> present.add(h.value().attachment()));
        List<AttachmentId> dead = new java.util.ArrayList<>();
        for (AttachmentRecord r : records.all()) {
            if (probe.probe(r.netns(), r.netnsInode()) == NetnsProbe.Presence.ABSENT) {
                dead.add(r.attachment());
            } else {
                present.add(r.attachment());
            }
        }
        dead.forEach(present::remove);
        gone = List.copyOf(dead);
        return Optional.of(present);
    }

    /**
     * Removes the records of attachments whose namespace is gone and that hold nothing any more
     * (GC released them, or their ADD never allocated); returns how many. Call after a GC pass.
     * An address the node's journal handed out and its owner has not written back yet counts as
     * held: the datastore shows it as the node's reservation only, and once written back it needs
     * the record, or it would count as present for ever (a leak GC could never collect).
     */
    public int prune() {
        IpamSnapshot snap = IpamSnapshot.read(store);
        Set<AttachmentId> held = new HashSet<>(snap.handles().keySet());
        if (!gone.isEmpty()) {
            held.addAll(journal.pending(snap));
        }
        int n = 0;
        for (AttachmentId a : gone) {
            // probed again: an ADD may have written the record anew since
            boolean stillGone = records.read(a).map(r -> probe.probe(r.netns(), r.netnsInode()))
                    .filter(NetnsProbe.Presence.ABSENT::equals).isPresent();
            if (!held.contains(a) && stillGone) {
                records.delete(a);
                n++;
            }
        }
        gone = List.of();
        return n;
    }
}
