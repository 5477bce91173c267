/**
 * The IPAM driver, on host-local's store (reference layout and locks, shared with CNI pods when the
 * pool is the node's subnet). Docker's addresses are owned by {@code cnm-<random>} attachments, so
 * ReleasePool frees exactly Docker's and never a pod's; the gateway is answered, never stored (as
 * host-local skips it). A pool overlapping one in use is refused (a second network on the node's
 * subnet, say); requests are not replayed by Docker (RequiresRequestReplay false): the state is
 * persisted instead.
 */
package dev.weft.cnm.ipam;
