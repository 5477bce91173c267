/**
 * {@code weft-ptp}: a veth pair without a bridge. The container gets its address as a /32 (or
 * /128) and reaches everything through the gateway address, which lives on the host end of its
 * veth with proxy ARP on; the host routes the container's address to that veth. Same-node
 * containers talk through the host's routing, as with Calico.
 */
package dev.weft.plugins.ptp;
