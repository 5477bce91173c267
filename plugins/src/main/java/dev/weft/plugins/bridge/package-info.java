/**
 * {@code weft-bridge}: kubenet's cbr0 model. A Linux bridge on the host, one veth pair per
 * container (host end enslaved to the bridge, container end named {@code CNI_IFNAME}), addresses
 * from the delegated IPAM plugin, the gateway address on the bridge, and optional source NAT in
 * weft's own nftables table.
 *
 * <p>ADD undoes its own steps when a later one fails ({@link dev.weft.plugins.common.Rollback});
 * DEL releases IPAM first, so a vanished namespace never leaks an address; a bridge is never
 * deleted (other containers may use it), as in the reference plugin.
 */
package dev.weft.plugins.bridge;
