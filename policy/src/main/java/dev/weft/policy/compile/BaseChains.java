package dev.weft.policy.compile;

import dev.weft.policy.PolicyType;

/**
 * The fixed part of the table: two base chains that dispatch to pod chains through verdict maps keyed
 * by pod address, so the per-packet cost is a few hash lookups however many pods and policies there are.
 *
 * <p>Only {@code forward} is hooked. Traffic a node sends to its own pods passes {@code output}, and
 * traffic its pods send to it passes {@code input}, so the Kubernetes rule "a node may always talk to its
 * own pods" holds without a rule (and kubelet probes cannot be broken by a policy). Other nodes' traffic
 * is forwarded and judged like any address. Anti-spoofing runs in {@code prerouting} at raw priority,
 * before conntrack, so a spoofed packet can neither ride an established flow nor create one.
 */
final class BaseChains {
    static final String PREROUTING = "prerouting";
    static final String FORWARD = "forward";
    static final String POD_IFACES = "pod_ifaces";

    private BaseChains() {
    }

    /** {@code ingress4}, {@code egress6}, …: pod address to {@code jump <pod chain>}. */
    static String map(PolicyType direction, boolean v6) {
        return (direction == PolicyType.INGRESS ? "ingress" : "egress") + (v6 ? "6" : "4");
    }

    /** {@code pod_src4}/{@code pod_src6}: the {@code interface . address} pairs a pod may send from. */
    static String sourceSet(boolean v6) {
        return v6 ? "pod_src6" : "pod_src4";
    }

    static void add(NftScript s) {
        s.addChain(PREROUTING, "type filter hook prerouting priority raw; policy accept;");
        s.addRule(PREROUTING, "iifname @" + POD_IFACES + " iifname . ip saddr != @" + sourceSet(false)
                + " drop comment \"pod source address spoofed\"");
        // IPv6 neighbour discovery and DAD use link-local and unspecified sources; they are not spoofing.
        s.addRule(PREROUTING, "iifname @" + POD_IFACES + " ip6 saddr != { ::, fe80::/10 } iifname . ip6 saddr != @"
                + sourceSet(true) + " drop comment \"pod source address spoofed\"");
        s.addChain(FORWARD, "type filter hook forward priority filter; policy accept;");
        s.addRule(FORWARD, "ct state established,related accept");
        s.addRule(FORWARD, "ct state invalid drop");
        // Egress chains return when allowed, so the destination's ingress chain runs next.
        s.addRule(FORWARD, "ip saddr vmap @" + map(PolicyType.EGRESS, false));
        s.addRule(FORWARD, "ip6 saddr vmap @" + map(PolicyType.EGRESS, true));
        s.addRule(FORWARD, "ip daddr vmap @" + map(PolicyType.INGRESS, false));
        s.addRule(FORWARD, "ip6 daddr vmap @" + map(PolicyType.INGRESS, true));
    }
}
