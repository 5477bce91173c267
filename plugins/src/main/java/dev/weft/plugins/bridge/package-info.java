/**
 * {@code weft-bridge}: kubenet's cbr0 model. A Linux bridge on the host, one veth pair per
 * container (host end enslaved to the bridge, container end named {@code CNI_IFNAME}), addresses
 * from the delegated IPAM plugin, the gateway address on the bridge, and optional source NAT in
 * weft's own nftables table.
 *
 * <p>With {@code hostPrefix} (the {@code weft} plugin's choice for weft-ipam pools on routed
 * backends) the pod gets its address as a /32 (/128), an on-link route to 169.254.1.1 (fe80::1)
 * and every other route through it, and the bridge holds only that gateway as a /32: the node
 * routes all pod traffic, so a pool whose blocks are spread over nodes needs no proxy ARP. Same-node
 * pod traffic is routed too (one more hop than bridging). The node must route the pods' addresses
 * to the bridge (the agent's block routes); {@code ipMasqNetwork} should name the pool.
 *
 * <p>ADD undoes its own steps when a later one fails ({@link dev.weft.plugins.common.Rollback});
 * DEL releases IPAM first, so a vanished namespace never leaks an address; a bridge is never
 * deleted (other containers may use it), as in the reference plugin.
 */
package dev.weft.plugins.bridge;
