/**
 * The node agent. Today it does the lease half of Flannel's daemon: it takes this node's subnet
 * from the datastore (keeping the one it had, remembered in a local file across restarts), writes
 * {@code subnet.env} for the {@code weft} CNI plugin, renews the lease at a third of its TTL, and
 * takes a new lease (the same subnet if still free) when the old one was lost. Backends (VXLAN,
 * host-gw) plug in later and get the peers from the same store.
 */
package dev.weft.node;
