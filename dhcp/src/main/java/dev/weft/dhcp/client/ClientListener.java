package dev.weft.dhcp.client;

import dev.weft.dhcp.lease.Lease;

/** What becomes of the client's lease; called on the thread that drove the client, under its lock. */
public interface ClientListener {
    /** A lease was granted, renewed, rebound or confirmed after a restart. */
    void bound(Lease lease);

    /** The lease is gone (NAK, expiry); the client starts over in the background. */
    void lost(Lease lease, String reason);

    /** The acquisition ended without a lease (its timeout passed). */
    void failed(DhcpException error);

    /** A listener that ignores everything. */
    ClientListener NONE = new ClientListener() {
        @Override
        public void bound(Lease lease) {
        }

        @Override
        public void lost(Lease lease, String reason) {
        }

        @Override
        public void failed(DhcpException error) {
        }
    };
}
