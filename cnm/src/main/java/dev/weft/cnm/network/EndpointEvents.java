package dev.weft.cnm.network;

import dev.weft.cnm.state.EndpointRecord;

/**
 * What the network driver tells about endpoints as Docker joins and deletes them, under the
 * drivers' lock and before it answers Docker: the publisher makes a joined container a pod (and
 * waits for its policy) and unpublishes a deleted one (see {@code dev.weft.cnm.docker}).
 */
public interface EndpointEvents {
    /** Nobody listens: {@code weft cnm serve} without dockerd's API, and tests. */
    EndpointEvents NONE = new EndpointEvents() {
        @Override
        public void joined(EndpointRecord endpoint) {
        }

        @Override
        public void deleted(EndpointRecord endpoint) {
        }
    };

    /** The endpoint joined a sandbox ({@link EndpointRecord#sandboxKey()} is set). Must not throw. */
    void joined(EndpointRecord endpoint);

    /** The endpoint was deleted (its devices are gone). Must not throw. */
    void deleted(EndpointRecord endpoint);
}
