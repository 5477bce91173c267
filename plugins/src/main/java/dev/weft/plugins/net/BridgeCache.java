package dev.weft.plugins.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bridges a kernel has ensured, per namespace (by its nsfs device and inode) and name, so that
 * a warm ADD does not ask for its bridge again. Safe because every use of a cached bridge is
 * checked by the kernel in the same request: {@link NetlinkNamespace#createBridgePort} reads the
 * bridge back with the port it adds, and a bridge that is gone (or whose index is another device
 * now) is forgotten and ensured again. Deleting or renaming a device through the port forgets it
 * at once.
 */
final class BridgeCache {
    /** One namespace's bridge by name. */
    record Key(long nsDev, long nsIno, String name) {
    }

    private final Map<Key, Link> bridges = new ConcurrentHashMap<>();

    Link get(Key key) {
        return bridges.get(key);
    }

    void put(Key key, Link bridge) {
        bridges.put(key, bridge);
    }

    /** Forgets whatever is cached with {@code index} in the namespace. */
    void forget(long nsDev, long nsIno, int index) {
        bridges.entrySet().removeIf(e -> e.getKey().nsDev() == nsDev && e.getKey().nsIno() == nsIno
                && e.getValue().index() == index);
    }
}
