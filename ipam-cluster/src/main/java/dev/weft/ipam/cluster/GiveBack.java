package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.StoreException;
import dev.weft.store.WatchEvent;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reservations given back when a pool runs dry: a node whose ADD finds the pool exhausted while
 * other nodes hold unused reservations in it writes {@code /weft/ipam/wanted/POOL} and retries for
 * a while ({@link #allocateOrAsk}); every node's {@link ReservedLane} watches that prefix, frees
 * its unused reservations of the pool at once and stops reserving there for a cool-down. Taking
 * another node's reservation directly would be a duplicate: that node hands them out from its
 * journal without asking the datastore, so only the holder may let one go.
 */
final class GiveBack {
    private static final System.Logger LOG = System.getLogger(GiveBack.class.getName());
    private static final long POLL_MS = 100;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private GiveBack() {
    }

    /** How many addresses of {@code pool} nodes other than {@code node} hold as reservations (a read of the pool's blocks). */
    static long reservedByOthers(IpamStore store, String pool, String node) {
        return store.blocks(pool).stream().flatMap(vb -> vb.value().slots().values().stream())
                .filter(s -> s.reserved() && !s.node().equals(node)).count();
    }

    /** Asks every node to give back its unused reservations of {@code pool}. */
    static void ask(IpamStore store, String pool, String node, long now) {
        byte[] v = JSON.writeValueAsBytes(JSON.createObjectNode().put("node", node).put("at", now));
        String key = IpamKeys.wanted(pool);
        try {
            store.raw().put(key, v, Datastore.ANY, 0);
        } catch (StoreException e) {
            throw new IpamException(IpamError.STORE_UNAVAILABLE, key, "datastore unavailable (" + key + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code allocate}; when it finds the pool exhausted while other nodes hold reservations
     * there, asks them to give theirs back and tries again every {@value #POLL_MS} ms for up to
     * {@code wait}; then the exhaustion stands (naming the pool, nothing allocated).
     */
    static Allocation allocateOrAsk(IpamStore store, AllocationRequest req, Duration wait, Supplier<Allocation> allocate) {
        try {
            return allocate.get();
        } catch (IpamException e) {
            if (e.error() != IpamError.POOL_EXHAUSTED || wait.isZero()
                    || reservedByOthers(store, req.pool(), req.node()) == 0) {
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "pool " + req.pool() + " is exhausted for node " + req.node()
                    + " but other nodes hold reservations there: asking them to give them back");
            ask(store, req.pool(), req.node(), System.currentTimeMillis());
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                sleep();
                try {
                    return allocate.get();
                } catch (IpamException again) {
                    if (again.error() != IpamError.POOL_EXHAUSTED) {
                        throw again;
                    }
                }
            }
            throw e;
        }
    }

    /** Watches the asks of other nodes: {@code onAsk} gets (pool, asking node). */
    static AutoCloseable watch(Datastore store, String self, BiConsumer<String, String> onAsk) {
        return store.watch(IpamKeys.WANTED, store.revision(), e -> {
            if (e.type() != WatchEvent.Type.PUT) {
                return;
            }
            String pool = e.entry().key().substring(IpamKeys.WANTED.length());
            String asker;
            try {
                tools.jackson.databind.JsonNode n = JSON.readTree(e.entry().value()).path("node");
                asker = n.isString() ? n.asString() : "";
            } catch (RuntimeException bad) {
                asker = "";
            }
            if (!asker.equals(self)) {
                onAsk.accept(pool, asker);
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IpamException(IpamError.CONTENTION, "interrupted", "interrupted while waiting for reservations", ie);
        }
    }
}
