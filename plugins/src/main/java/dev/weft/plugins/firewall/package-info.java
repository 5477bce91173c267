/**
 * {@code weft-firewall}: per-attachment forwarding rules and ingress isolation in weft's own
 * nftables table {@code inet weft_firewall}, configured as the reference firewall plugin is
 * ({@code ingressPolicy}: {@code open}, {@code same-bridge}; weft adds {@code isolated}).
 *
 * <p><b>Rules.</b> Per address of the attachment: accept replies in
 * ({@code ct state established,related}) and new flows out ({@code ip saddr P}), and, by policy,
 * drop new flows into the pod that come from another bridge ({@code same-bridge}) or from outside
 * its own bridge unless DNATed to a published port ({@code isolated}). Drops are evaluated before
 * accepts (chain {@code isolation} before {@code pods}), so one pod's accept never lets traffic past
 * another pod's isolation. Each rule carries the attachment's key; DEL removes exactly those, GC
 * those of attachments no longer valid.
 *
 * <p><b>Hazard: a drop policy elsewhere.</b> In nftables an {@code accept} ends only the base chain
 * it is in; the packet still traverses every other base chain on the hook, and a {@code drop} there
 * (another table's {@code policy drop}, or iptables' FORWARD policy DROP) is final. So rules in
 * weft's own table cannot open forwarding on a host whose own firewall drops it — the reference
 * can only because it writes into the shared iptables FORWARD chain. On such a host the admin must
 * allow the pod networks in the host's own firewall; weft will not edit tables it does not own.
 */
package dev.weft.plugins.firewall;
