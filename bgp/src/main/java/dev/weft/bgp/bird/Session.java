package dev.weft.bgp.bird;

import dev.weft.bgp.Asn;
import dev.weft.net.IpAddress;

/**
 * One BGP session in a compiled configuration: BIRD's protocol name, what it is for (a cluster node
 * or an explicit peer, by weft's name), the neighbor, its AS, and its role.
 */
public record Session(String protocol, Kind kind, String name, IpAddress neighbor, Asn asn, Role role) {
    /** Whom the session is with. */
    public enum Kind {
        /** Another node of the cluster. */
        NODE,
        /** An explicit peer ({@code weft bgp peer add}). */
        PEER
    }

    /** How routes flow on the session. */
    public enum Role {
        /** iBGP between equals (mesh, reflector to reflector, client to reflector, iBGP peer). */
        IBGP,
        /** This node reflects routes to the neighbor, its client. */
        REFLECTOR_CLIENT,
        /** eBGP: an explicit peer in another AS. */
        EBGP;

        /** The lower-case name shown by {@code weft bgp status}. */
        public String label() {
            return switch (this) {
                case IBGP -> "ibgp";
                case REFLECTOR_CLIENT -> "rr-client";
                case EBGP -> "ebgp";
            };
        }
    }
}
