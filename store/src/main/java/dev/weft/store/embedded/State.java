package dev.weft.store.embedded;

import dev.weft.store.Entry;
import dev.weft.store.WatchEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The whole store in memory, as read from and written to its file ({@link StateCodec}). */
final class State {
    static final int EVENT_LOG = 1024;

    long revision;
    long nextLease = 1;
    long oldestEvent = 1;
    final TreeMap<String, Entry> entries = new TreeMap<>();
    /** lease → {ttl ms, deadline epoch ms}. */
    final Map<Long, long[]> leases = new TreeMap<>();
    final List<WatchEvent> events = new ArrayList<>();

    long bump() {
        return ++revision;
    }

    void record(WatchEvent e) {
        events.add(e);
    }

    /**
     * Keeps the newest {@link #EVENT_LOG} events, in whole revisions: a revision's events (one batch)
     * are all kept or all dropped, so a watch never sees half a batch, and the newest revision is
     * always kept whole, even when it alone is longer than the log.
     */
    void trimEvents() {
        if (events.size() <= EVENT_LOG) {
            return;
        }
        int firstOfNewest = events.size() - 1;
        while (firstOfNewest > 0 && events.get(firstOfNewest - 1).revision() == events.getLast().revision()) {
            firstOfNewest--;
        }
        int drop = Math.min(events.size() - EVENT_LOG, firstOfNewest);
        while (drop > 0 && drop < firstOfNewest && events.get(drop).revision() == events.get(drop - 1).revision()) {
            drop++; // finish the revision the cut fell into
        }
        events.subList(0, drop).clear();
        oldestEvent = events.getFirst().revision();
    }

    /** Deletes the keys of leases past their deadline; true when anything changed. */
    boolean expire(long nowMillis) {
        List<Long> dead = leases.entrySet().stream().filter(e -> e.getValue()[1] <= nowMillis).map(Map.Entry::getKey).toList();
        dead.forEach(this::dropLease);
        return !dead.isEmpty();
    }

    /** The earliest lease deadline (epoch ms), or {@link Long#MAX_VALUE} when no lease is held. */
    long nextDeadline() {
        return leases.values().stream().mapToLong(l -> l[1]).min().orElse(Long.MAX_VALUE);
    }

    void dropLease(long lease) {
        leases.remove(lease);
        List<Entry> doomed = entries.values().stream().filter(e -> e.lease() == lease).toList();
        for (Entry e : doomed) {
            entries.remove(e.key());
            record(new WatchEvent(WatchEvent.Type.DELETE, e, bump()));
        }
    }
}
