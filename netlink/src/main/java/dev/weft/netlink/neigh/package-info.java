/**
 * Neighbours and forwarding databases: permanent ARP/NDP entries, bridge FDB entries on the port
 * itself ({@code self}) or in its master bridge ({@code master}), and VXLAN FDB entries that map
 * a MAC to a remote VTEP ({@code dst}); the all-zero MAC with {@code append} builds the flood list.
 */
package dev.weft.netlink.neigh;
