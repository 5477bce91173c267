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
 * <p><b>A drop policy elsewhere.</b> In nftables an {@code accept} ends only the base chain it is
 * in; the packet still traverses every other base chain on the hook, and a {@code drop} there
 * (another table's {@code policy drop}, or iptables' FORWARD policy DROP) is final. So rules in
 * weft's own table alone cannot open forwarding on a host whose own firewall drops it; the
 * reference can because it writes into the shared iptables FORWARD chain. weft does the same where
 * {@code hostForwardChains} says ({@link dev.weft.plugins.firewall.HostForward}): by default in
 * iptables-nft's {@code ip filter FORWARD} and {@code ip6 filter FORWARD} when they exist (a jump
 * to {@code WEFT-FIREWALL}, whose rules iptables can still read and save); on a host whose own
 * nftables table drops forwarding, the admin names that chain ({@code "inet filter forward"}),
 * as the reference is told iptables or firewalld. Those accepts are by address only (iptables-nft
 * cannot read a native {@code ct state}), which is what {@code open} means here; the isolating
 * policies' drops stay in weft's table, and a drop anywhere wins.
 */
package dev.weft.plugins.firewall;
