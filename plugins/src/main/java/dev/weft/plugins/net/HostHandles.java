package dev.weft.plugins.net;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Host-side namespace handles kept between calls. A long-lived process (the agent) serves every
 * ADD on threads of its own namespace, and opening that namespace's descriptor and a new netlink
 * socket for each call cost about a tenth of a millisecond (issue #14's breakdown). A handle its
 * call closes comes back here (a few per namespace, for a few namespaces) and the next call on a
 * thread of the same namespace takes it. One call uses a handle at a time, and replies are matched
 * by sequence number, so whatever an interrupted call left unread on the socket is skipped as stale.
 * Only {@link NetlinkKernel#current()} hands handles out: the namespace of the calling thread, never
 * a container's, which a kept descriptor would keep alive.
 */
final class HostHandles {
    private static final int PER_NAMESPACE = 8;
    private static final int NAMESPACES = 4;
    private static final Path THREAD_NAMESPACE = Path.of("/proc/thread-self/ns/net");

    private final Map<List<Long>, ConcurrentLinkedDeque<NetlinkNamespace>> spare = new ConcurrentHashMap<>();

    /** The calling thread's network namespace as {dev, inode}; empty when it cannot be read (nothing is kept then). */
    static Optional<List<Long>> threadNamespace() {
        return NetlinkNamespace.identityOf(THREAD_NAMESPACE).map(id -> List.of(id[0], id[1]));
    }

    /** A kept handle on namespace {@code id}, or null. */
    NetlinkNamespace take(List<Long> id) {
        ConcurrentLinkedDeque<NetlinkNamespace> q = spare.get(id);
        NetlinkNamespace h = q == null ? null : q.pollFirst();
        return h == null ? null : h.reuse();
    }

    /** Keeps {@code h} for the next call; false when enough are kept (the caller closes it). */
    boolean give(List<Long> id, NetlinkNamespace h) {
        ConcurrentLinkedDeque<NetlinkNamespace> q = spare.get(id);
        if (q == null) {
            if (spare.size() >= NAMESPACES) {
                return false;
            }
            q = spare.computeIfAbsent(id, k -> new ConcurrentLinkedDeque<>());
        }
        if (q.size() >= PER_NAMESPACE) {
            return false;
        }
        q.push(h);
        return true;
    }

    /** Closes every kept handle (a test's teardown: a kept handle keeps its namespace alive). */
    void closeAll() {
        spare.values().forEach(q -> {
            for (NetlinkNamespace h = q.pollFirst(); h != null; h = q.pollFirst()) {
                h.closeNow();
            }
        });
    }
}
