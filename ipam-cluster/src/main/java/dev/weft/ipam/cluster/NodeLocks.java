package dev.weft.ipam.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises this process's writes to one node's blocks of one pool, then takes the host lock:
 * concurrent ADDs on a node queue instead of colliding on the same block's revision.
 */
final class NodeLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final HostLock host;

    NodeLocks(HostLock host) {
        this.host = host;
    }

    <T> T locked(String node, String pool, Supplier<T> action) {
        ReentrantLock l = locks.computeIfAbsent(node + "/" + pool, k -> new ReentrantLock());
        l.lock();
        try {
            return host.locked(action);
        } finally {
            l.unlock();
        }
    }
}
