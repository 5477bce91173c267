package dev.weft.overlay.udp.peer;

/**
 * The current {@link PeerTable}, swapped whole: packet threads read it with one volatile load per
 * packet, never a lock, and see either the old table or the new one, nothing in between.
 */
public final class LivePeers {
    private volatile PeerTable current = PeerTable.EMPTY;
    private volatile long generation;

    /** The table in force. */
    public PeerTable current() {
        return current;
    }

    /** Puts {@code table} in force. */
    public void replace(PeerTable table) {
        current = java.util.Objects.requireNonNull(table, "table");
        generation++;
    }

    /** How many tables were put in force (for the status file). */
    public long generation() {
        return generation;
    }
}
