package dev.weft.ipam.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A node's journal as a process that does not own it sees it (the node's GC, a one-call plugin
 * while the agent runs): which attachments hold an address the owner handed out and has not
 * written back yet. The datastore knows nothing of such an address but that it is the node's
 * reservation, so whoever releases or forgets an attachment by what the datastore says must ask
 * here first, or the write-back that follows brings back an allocation nobody will free.
 */
public final class JournalReader {
    private final Journal journal;
    private final String node;

    public JournalReader(Path journalDir, String node) {
        this.journal = new Journal(journalDir);
        this.node = Names.node("node", node);
    }

    /** The attachments whose entry's slot is still the node's reservation under the entry's sequence number in {@code snap}. */
    public Set<AttachmentId> pending(IpamSnapshot snap) {
        return pendingEntries(journal.all(), snap).stream().map(JournalEntry::attachment).collect(Collectors.toSet());
    }

    /** The attachment's pending entries in {@code snap}; the journal is only listed when it has an entry of the attachment. */
    public List<JournalEntry> pending(AttachmentId a, Supplier<IpamSnapshot> snap) {
        List<JournalEntry> mine = journal.of(a);
        return mine.isEmpty() ? List.of() : pendingEntries(mine, snap.get());
    }

    private List<JournalEntry> pendingEntries(List<JournalEntry> entries, IpamSnapshot snap) {
        return entries.stream().filter(e -> snap.block(e.pool(), e.block())
                .flatMap(b -> Optional.ofNullable(b.value().slots().get(e.ordinal())))
                .filter(s -> s.isReservation(node, e.seq())).isPresent()).toList();
    }
}
