package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;

/** Connects this node to one peer subnet at a time; every call must be idempotent. */
public interface Backend extends AutoCloseable {

    /** Makes {@code peer}'s subnet reachable; throws {@link PeerRefused} when it cannot be. */
    void ensurePeer(SubnetLease peer);

    /** Removes what {@link #ensurePeer} made for {@code peer}; a missing piece is fine. */
    void removePeer(SubnetLease peer);

    @Override
    default void close() {
    }

    /** A peer this backend cannot reach, with the reason (e.g. not on the same L2 for host-gw). */
    final class PeerRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PeerRefused(String message) {
            super(message);
        }
    }
}
