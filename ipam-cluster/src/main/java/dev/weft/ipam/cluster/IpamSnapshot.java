package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.store.Entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything under {@code /weft/ipam/} read in one range request, so at one store revision: a
 * consistent view (a handle and the block it names are seen at the same moment). The keys of records
 * that do not decode are listed in {@code corrupt} and otherwise ignored, so one bad record blocks
 * neither {@code show}/{@code check} nor the GC of everything else (which never releases an
 * allocation whose handle is among them). {@code removedNodes}: the nodes marked removed
 * ({@link NodeRemovals}), read at the same revision as everything else.
 */
public record IpamSnapshot(PoolSet pools, long poolsRevision, List<Versioned<Block>> blocks,
                           Map<AttachmentId, Versioned<Handle>> handles, List<Affinity> affinities,
                           List<String> corrupt, Set<String> removedNodes) {
    /** An affinity index entry. */
    public record Affinity(String key, String node, String pool, Cidr block, long claimedAt, long modRevision) {
    }

    public IpamSnapshot {
        blocks = List.copyOf(blocks);
        handles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(handles));
        affinities = List.copyOf(affinities);
        corrupt = List.copyOf(corrupt);
        removedNodes = java.util.Collections.unmodifiableSet(new TreeSet<>(removedNodes));
    }

    /** Reads everything under {@link IpamKeys#ROOT} in one request. */
    public static IpamSnapshot read(dev.weft.store.Datastore datastore) {
        return new IpamStore(datastore).snapshot();
    }

    /** Decodes a listing of {@link IpamKeys#ROOT}. */
    public static IpamSnapshot of(List<Entry> entries) {
        PoolSet pools = PoolSet.EMPTY;
        long poolsRev = 0;
        List<Versioned<Block>> blocks = new ArrayList<>();
        Map<AttachmentId, Versioned<Handle>> handles = new TreeMap<>(java.util.Comparator.comparing(AttachmentId::handleId));
        List<Affinity> affinities = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        Set<String> removed = new TreeSet<>();
        for (Entry e : entries) {
            try {
                String k = e.key();
                if (k.equals(IpamKeys.POOLS)) {
                    pools = IpamJson.pools(k, e.value());
                    poolsRev = e.modRevision();
                } else if (k.startsWith(IpamKeys.BLOCKS)) {
                    blocks.add(IpamStore.block(e));
                } else if (k.startsWith(IpamKeys.HANDLES)) {
                    Handle h = IpamJson.handle(k, e.value());
                    handles.put(h.attachment(), new Versioned<>(h, e.modRevision()));
                } else if (k.startsWith(IpamKeys.AFFINITY)) {
                    affinities.add(affinity(e));
                } else if (k.startsWith(IpamKeys.REMOVED)) {
                    removed.add(Names.node("removed node", k.substring(IpamKeys.REMOVED.length())));
                }
            } catch (IpamException | IllegalArgumentException ex) {
                corrupt.add(e.key());
                System.getLogger("dev.weft.ipam.cluster").log(System.Logger.Level.WARNING,
                        "ignoring undecodable IPAM record " + e.key() + ": " + ex.getMessage());
            }
        }
        return new IpamSnapshot(pools, poolsRev, blocks, handles, affinities, corrupt, removed);
    }

    private static Affinity affinity(Entry e) {
        String[] p = IpamKeys.parseAffinity(e.key());
        return new Affinity(e.key(), p[0], p[1], IpamKeys.parseCidr(p[2]), IpamJson.affinityClaimedAt(e.key(), e.value()),
                e.modRevision());
    }

    public Optional<Versioned<Block>> block(String pool, Cidr cidr) {
        return blocks.stream().filter(b -> b.value().pool().equals(pool) && b.value().cidr().equals(cidr)).findFirst();
    }

    /** Every node the records name: block holders, allocations' nodes, handles' nodes, the affinity index. */
    public Set<String> nodes() {
        Set<String> out = new TreeSet<>();
        for (Versioned<Block> vb : blocks) {
            vb.value().affinity().ifPresent(out::add);
            vb.value().slots().values().forEach(s -> out.add(s.node()));
        }
        handles.values().forEach(h -> out.add(h.value().node()));
        affinities.forEach(a -> out.add(a.node()));
        return out;
    }

    /**
     * The nodes GC treats as live when no authoritative node list is at hand: every node the
     * records name, less those marked removed. A node whose agent is down stays live (its pods may
     * still run); only an explicit removal releases its addresses at once.
     */
    public Set<String> liveNodes() {
        Set<String> out = nodes();
        out.removeAll(removedNodes);
        return out;
    }

    /**
     * Whether the handle of {@code slot}'s attachment names exactly this allocation; a node's
     * reservation has no handle by design and counts as committed (it is its node's, not a leak).
     */
    public boolean committed(Block block, int ordinal, Slot slot) {
        if (slot.reserved()) {
            return true;
        }
        Versioned<Handle> h = handles.get(slot.attachment());
        return h != null && h.value().holds(block.address(ordinal), slot.seq());
    }
}
