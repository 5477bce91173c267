/**
 * Environment probes: what decides the mode, found by trying. Kernel features are devices, an
 * nftables table, a conntrack dump and a TUN made in a throwaway namespace ({@code Scratch}) and
 * gone with it; on-link is the route lookup plus a neighbour entry that resolves; extra MACs are a
 * macvlan with a new MAC reaching another node. Each probe has a pure {@code interpret} that tests
 * feed. Hazards: the segment probe puts one address on the segment for two seconds, so it needs an
 * address the operator says is free; the on-link probe sends one UDP datagram to each peer's port 9.
 */
package dev.weft.doctor.probe;
