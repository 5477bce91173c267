/**
 * Neighbours and forwarding databases: permanent ARP/NDP entries, bridge FDB entries on the port
 * itself ({@code self}, NTF_SELF) or in its master bridge ({@code master}, NTF_MASTER), and VXLAN FDB
 * entries that map a MAC to a remote VTEP ({@code dst}, NDA_DST); the all-zero MAC with
 * {@code append} (NLM_F_APPEND) builds the flood list, one entry per VTEP.
 *
 * <p>Hazards: {@code add} replaces (NLM_F_REPLACE), so adding a VXLAN entry for a MAC moves it to the
 * new VTEP rather than adding a second one; use {@code append} only for the flood list. The bridge
 * reports its own entries with NDA_MASTER rather than NTF_MASTER; the decoder accepts both.
 */
package dev.weft.netlink.neigh;
