package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.LaneCtx.Held;
import dev.weft.ipam.cluster.LaneCtx.Reserved;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lane's start: the journal replayed against one snapshot of the datastore. An entry whose slot
 * is still the node's reservation under its sequence number was handed out and not written back:
 * pending again. An entry whose slot is its attachment's was written back. Any other entry was
 * released since (a DEL cut short after its datastore write, a node removal): dropped, never used
 * to free anything. Reservations of the node no entry claims are unused again (an ADD that died
 * before its journal entry returned nothing to anyone). The node's handles in the snapshot join the
 * index, so a repeated ADD of an attachment the datastore's path served gets its address.
 */
final class LaneReplay {
    private static final System.Logger LOG = System.getLogger(LaneReplay.class.getName());

    private final LaneCtx ctx;
    private final String node;
    private final Journal journal;

    LaneReplay(LaneCtx ctx, String node, Journal journal) {
        this.ctx = ctx;
        this.node = node;
        this.journal = journal;
    }

    void run(Map<String, ArrayDeque<Reserved>> free, Map<AttachmentId, Map<String, Held>> held) {
        IpamSnapshot snap = ctx.store().snapshot();
        Map<String, Reserved> unused = new LinkedHashMap<>();
        for (Versioned<Block> vb : snap.blocks()) {
            Block b = vb.value();
            if (b.affinity().filter(node::equals).isPresent()) {
                ctx.cache().remember(vb);
            }
            b.slots().forEach((o, s) -> {
                if (s.reserved() && s.node().equals(node)) {
                    Reserved r = new Reserved(b.pool(), b.cidr(), b.address(o), s.seq());
                    unused.put(key(r.pool(), r.ip().toString(), r.seq()), r);
                }
            });
        }
        int pending = 0;
        int dropped = 0;
        for (JournalEntry e : journal.all()) {
            Optional<Pool> pool = snap.pools().find(e.pool());
            Optional<Slot> s = snap.block(e.pool(), e.block()).flatMap(vb -> vb.value().slot(e.ip()));
            if (pool.isPresent() && s.filter(x -> x.isReservation(node, e.seq())).isPresent()) {
                unused.remove(key(e.pool(), e.ip().toString(), e.seq()));
                put(held, new Held(e, e.allocation(pool.get()), true, false));
                pending++;
            } else if (pool.isPresent() && s.filter(x -> !x.reserved() && x.is(e.attachment(), e.seq())).isPresent()) {
                put(held, new Held(e, e.allocation(pool.get()), true, true));
            } else {
                journal.delete(e.attachment(), e.pool());
                dropped++;
            }
        }
        for (Versioned<Handle> vh : snap.handles().values()) {
            Handle h = vh.value();
            if (!h.node().equals(node)) {
                continue;
            }
            ctx.store().rememberHandle(vh);
            for (HandleAddress a : h.addresses()) {
                Optional<Pool> pool = snap.pools().find(a.pool());
                boolean confirmed = snap.block(a.pool(), a.block()).flatMap(vb -> vb.value().slot(a.ip()))
                        .filter(x -> x.is(h.attachment(), a.seq())).isPresent();
                Map<String, Held> m = held.get(h.attachment());
                if (pool.isPresent() && confirmed && (m == null || !m.containsKey(a.pool()))) {
                    JournalEntry e = new JournalEntry(h.attachment(), h.pod(), a.pool(), a.ip(), a.block(), a.seq(), a.at());
                    put(held, new Held(e, e.allocation(pool.get()), false, true));
                }
            }
        }
        List<Reserved> left = new ArrayList<>(unused.values());
        left.sort(Comparator.comparingLong(Reserved::seq));
        left.forEach(r -> free.computeIfAbsent(r.pool(), k -> new ArrayDeque<>()).add(r));
        held.values().forEach(m -> m.keySet().forEach(p -> free.computeIfAbsent(p, k -> new ArrayDeque<>())));
        LOG.log(System.Logger.Level.INFO, "IPAM journal of node " + node + " replayed: " + pending
                + " address(es) to write back, " + dropped + " entr(ies) released since, " + left.size()
                + " unused reservation(s)");
    }

    private static String key(String pool, String ip, long seq) {
        return pool + " " + ip + " " + seq;
    }

    private static void put(Map<AttachmentId, Map<String, Held>> held, Held h) {
        held.computeIfAbsent(h.entry.attachment(), k -> new LinkedHashMap<>()).put(h.entry.pool(), h);
    }
}
