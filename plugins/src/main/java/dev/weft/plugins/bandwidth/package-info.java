/**
 * {@code weft-bandwidth}: per-container rate limits ({@code ingressRate}/{@code ingressBurst},
 * {@code egressRate}/{@code egressBurst}, or the {@code bandwidth} capability) with traffic
 * control over weft's own netlink ({@code dev.weft.netlink.tc}).
 *
 * <p><b>Layout.</b> Traffic into the container leaves the host through the host side of its veth:
 * a TBF is that device's root qdisc. Traffic from the container arrives on the same device, where
 * nothing can queue it: an {@code ingress} qdisc with a u32 match-all filter redirects every
 * packet ({@code mirred egress redirect}) to an IFB device of the attachment ({@code wbw} + hash),
 * whose root TBF shapes it. Each TBF queues 25 ms at the rate beyond its burst, as the reference.
 * The host veth is found from the container side (the peer index of {@code CNI_IFNAME}, checked
 * back from the host side), not trusted from the previous result.
 *
 * <p><b>Why TBF.</b> The reference moved to HTB to let subnets bypass shaping and reverted it
 * (containernetworking/plugins#1105) after HTB quantums and a zero queue length caused trouble
 * (#1097); weft keeps TBF and refuses {@code shapedSubnets}/{@code unshapedSubnets}.
 *
 * <p><b>Checks and undo.</b> A rate without its burst, a burst over 4 GB, or a burst smaller than
 * the device's MTU (which would pass no full-size packet) is a code-7 error before anything is
 * changed; a failure half-way undoes what was done. DEL deletes the IFB and, when the container's
 * veth is still there, takes weft's qdiscs off it. In the agent the IFB is retired through its
 * {@code ReapingKernel}: down and renamed at once (the name is free for a new ADD), deleted in the
 * background, since deleting a device waits for an RCU grace period. CHECK compares the installed TBFs
 * ({@code Tbf.sameAs}) and the redirect.
 */
package dev.weft.plugins.bandwidth;
