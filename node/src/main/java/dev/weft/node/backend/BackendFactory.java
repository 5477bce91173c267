package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;

import java.util.Map;

/**
 * One backend kind, found by the name a cluster's configuration gives ({@code vxlan},
 * {@code host-gw}, …) through {@link Backends}. Setting up is two steps because some backends must
 * publish data with the node's lease (the VXLAN device's MAC) and so exist before it.
 */
public interface BackendFactory {
    /** The name in {@code weft cluster init --backend NAME}. */
    String name();

    /** Creates what must exist before the lease (idempotent: an agent restart finds it in place). */
    Prepared prepare(BackendContext context);

    /** A backend set up up to the lease. */
    interface Prepared {
        /** The MTU pods get on this backend. */
        int podMtu();

        /** Published with the node's lease for the peers (e.g. the VTEP MAC); may be empty. */
        Map<String, String> leaseData();

        /** The device pods attach to when they live on the underlay (macvlan); empty for routed pods. */
        default java.util.Optional<dev.weft.net.InterfaceName> underlayUplink() {
            return java.util.Optional.empty();
        }

        /**
         * Whether pods on the node subnet are routed (a veth and a host route each, no bridge), as
         * on bgp; otherwise they share the node's bridge. Pods on the underlay or from a pool ignore it.
         */
        default boolean routedPods() {
            return false;
        }

        /** The backend for this node, now that it holds {@code own}. */
        Backend start(SubnetLease own);
    }
}
