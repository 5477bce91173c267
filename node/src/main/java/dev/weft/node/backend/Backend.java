package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** Connects this node to one peer subnet at a time; every call must be idempotent. */
public interface Backend extends AutoCloseable {

    /** Makes {@code peer}'s subnet reachable; throws {@link PeerRefused} when it cannot be. */
    void ensurePeer(SubnetLease peer);

    /** Removes what {@link #ensurePeer} made for {@code peer}; a missing piece is fine. */
    void removePeer(SubnetLease peer);

    /**
     * The route to {@code dst} through {@code peer} the way this backend reaches the peer's subnet
     * (host-gw: via its underlay address; vxlan: onlink via its VTEP neighbour), for destinations
     * beyond the peer's lease: weft-ipam blocks and borrowed addresses ({@link BlockRoutes}). Asked
     * only after {@link #ensurePeer} succeeded for {@code peer} in the same round. Empty: this
     * backend does not route such destinations to that peer (the default).
     */
    default Optional<dev.weft.netlink.route.RouteSpec> routeVia(SubnetLease peer, dev.weft.net.Cidr dst) {
        return Optional.empty();
    }

    /**
     * True when this backend carries a weft-ipam pool's blocks and borrowed addresses between nodes
     * itself (bgp: BIRD announces them): {@link BlockRoutes} then routes only what lives on this
     * node (its blocks and borrowed addresses, to the pods' bridge) and asks no {@link #routeVia}.
     */
    default boolean announcesPoolBlocks() {
        return false;
    }

    /**
     * This node's pods, after each change and every resync period (idempotent). Backends whose
     * pods need state on the node keep it here (macvlan: the host shim's routes); the others need
     * nothing.
     */
    default void ensureLocalPods(java.util.List<dev.weft.nodestate.PodRecord> pods) {
    }

    /**
     * True when pods' traffic bypasses the node's IP stack (an underlay): their NetworkPolicy is
     * then enforced inside each pod's own network namespace instead of on the node.
     */
    default boolean policyInPodNamespaces() {
        return false;
    }

    /**
     * Called at the start of every round with every current lease, this node's included, before
     * {@link #ensurePeer} and {@link #removePeer}. A backend that configures all peers at once (bgp:
     * one BIRD configuration for the whole cluster) does its work here; the default does nothing.
     */
    default void beginRound(List<SubnetLease> leases) {
    }

    /**
     * Starts whatever else should trigger a round besides lease changes and the kernel removing a
     * route (bgp: its settings in the datastore, routes its daemon installed); each calls
     * {@code wake}. The handle stops them.
     */
    default AutoCloseable triggers(Runnable wake) {
        return () -> { };
    }

    /** What this backend reports after every round, beside the agent's status (bgp: its sessions); empty for nothing. */
    default Optional<JsonNode> status() {
        return Optional.empty();
    }

    /**
     * The node leaves the cluster (the agent stops with {@code --leave}): withdraw what this node
     * announced by itself (bgp: stop BIRD, so every peer drops this node's routes at once).
     */
    default void leave() {
    }

    /**
     * The kernel's routes for the policy enforcer's fast path ({@link dev.weft.policy.compile.FastPath}),
     * read on the enforcer's thread; empty when this backend's pods take the kernel's path only.
     */
    default java.util.Optional<java.util.function.Supplier<dev.weft.policy.compile.FastPathRoutes>> fastPath() {
        return java.util.Optional.empty();
    }

    /** The agent stops; the data plane stays as it is (a restarted agent takes it over). */
    @Override
    default void close() {
    }

    /**
     * A peer this backend cannot reach, with the reason (e.g. not on the same L2 for host-gw).
     * {@link #pending} marks one it expects to reach soon (bgp: no route learned yet), which is
     * reported the same way but is no error.
     */
    final class PeerRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean pending;

        public PeerRefused(String message) {
            this(message, false);
        }

        private PeerRefused(String message, boolean pending) {
            super(message);
            this.pending = pending;
        }

        /** Not reachable yet, expected to be (routes still converging). */
        public static PeerRefused pending(String message) {
            return new PeerRefused(message, true);
        }

        public boolean pending() {
            return pending;
        }
    }
}
