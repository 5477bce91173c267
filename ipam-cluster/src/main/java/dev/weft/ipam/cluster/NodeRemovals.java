package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which nodes left the cluster for good: {@code weft cluster remove-node} marks one, and every GC
 * (the agents' loops, {@code weft ipam gc}) then releases its allocations at once and returns its
 * blocks. weft has no durable node list (subnet leases expire while an agent is down, and a node
 * whose agent is down may still run pods), so removal is explicit: only a marked node loses its
 * addresses without the attachment check. A node that joins again under the same name clears its
 * mark when its agent starts ({@link #clear}).
 */
public final class NodeRemovals {
    private final IpamStore store;

    public NodeRemovals(Datastore datastore) {
        this.store = new IpamStore(datastore);
    }

    /** Marks {@code node} removed (idempotent); the value records when, for people. */
    public void mark(String node, long nowMillis) {
        Names.node("node", node);
        byte[] value = ("{\"removedAt\":" + nowMillis + "}").getBytes(StandardCharsets.UTF_8);
        io(node, () -> store.raw().put(IpamKeys.removed(node), value, Datastore.ANY, 0));
    }

    /** Clears the mark (the node is back); false when it was not marked. */
    public boolean clear(String node) {
        Names.node("node", node);
        return io(node, () -> store.raw().delete(IpamKeys.removed(node), Datastore.ANY));
    }

    /** The marked nodes. */
    public List<String> list() {
        return store.list(IpamKeys.REMOVED).stream().map(Entry::key)
                .map(k -> k.substring(IpamKeys.REMOVED.length())).toList();
    }

    private static <T> T io(String node, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (dev.weft.store.StoreException e) {
            throw new IpamException(IpamError.STORE_UNAVAILABLE, "node", "datastore unavailable (removal mark of node "
                    + node + "): " + e.getMessage(), e);
        }
    }
}
