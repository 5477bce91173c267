package dev.weft.ipam.cluster;

import java.util.function.Supplier;

/**
 * A lock shared by the processes of one host (Calico's CNI plugin takes one too): with it, the
 * ADDs of one node, whether served by the agent or by plugin processes, take turns on their
 * node's blocks instead of racing each other's compare-and-swaps. Correctness never depends on
 * it; it only turns contention into a queue. Pass {@code new FileMutex(path)::locked}.
 */
public interface HostLock {
    /** No host lock: only the compare-and-swaps serialise. */
    HostLock NONE = new HostLock() {
        @Override
        public <T> T locked(Supplier<T> action) {
            return action.get();
        }
    };

    <T> T locked(Supplier<T> action);
}
