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

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    /**
     * The base chains inside one pod's own namespace (underlay pods, whose traffic never crosses
     * the node's stack): what enters the pod meets its ingress chain in {@code input}, what leaves
     * it its egress chain in {@code output}. Loopback and the pod's own node ({@code node}, the
     * addresses the node reaches its pods from) are exempt, as they are on the node's forward hook.
     */
    static void addInPod(NftScript s, java.util.List<dev.weft.net.IpAddress> node) {
        s.addChain(INPUT, "type filter hook input priority filter; policy accept;");
        s.addRule(INPUT, "iifname \"lo\" accept");
        s.addRule(INPUT, "ct state established,related accept");
        s.addRule(INPUT, "ct state invalid drop");
        exempt(s, INPUT, "saddr", node);
        s.addRule(INPUT, "ip daddr vmap @" + map(PolicyType.INGRESS, false));
        s.addRule(INPUT, "ip6 daddr vmap @" + map(PolicyType.INGRESS, true));
        s.addChain(OUTPUT, "type filter hook output priority filter; policy accept;");
        s.addRule(OUTPUT, "oifname \"lo\" accept");
        s.addRule(OUTPUT, "ct state established,related accept");
        s.addRule(OUTPUT, "ct state invalid drop");
        exempt(s, OUTPUT, "daddr", node);
        s.addRule(OUTPUT, "ip saddr vmap @" + map(PolicyType.EGRESS, false));
        s.addRule(OUTPUT, "ip6 saddr vmap @" + map(PolicyType.EGRESS, true));
    }

    private static void exempt(NftScript s, String chain, String field, java.util.List<dev.weft.net.IpAddress> node) {
        for (boolean v6 : new boolean[] {false, true}) {
            java.util.List<String> mine = node.stream().filter(a -> a.isV6() == v6).map(Object::toString).sorted().toList();
            if (!mine.isEmpty()) {
                s.addRule(chain, (v6 ? "ip6 " : "ip ") + field + " { " + String.join(", ", mine)
                        + " } accept comment \"the pod's own node\"");
            }
        }
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
