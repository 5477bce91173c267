package dev.weft.policy.compile;

import dev.weft.net.IpAddress;
import dev.weft.nft.Family;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyType;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The routed pods' fast path, a pure compiler: table {@code netdev weft_fast}, whose ingress hooks
 * forward pod traffic between this node's pods and other nodes' pods with nftables' {@code fwd}
 * (a neighbour lookup and a transmit), past the node's IP stack, conntrack and forward chain.
 * <pre>
 * chain from_pods  hook ingress, devices = the fast pods' host veths
 *                  iifname . ip saddr @fast_src4 ip daddr @remote4 ip ttl > 32
 *                  fwd ip to (daddr: @next_hop4) device (daddr: @next_dev4)
 * chain to_pods    hook ingress, devices = the devices the remote subnets are routed through
 *                  ip saddr @remote4 ip daddr @pod_dev4 ip ttl > 32 fwd ip to ip daddr device (daddr: @pod_dev4)
 * </pre>
 * <p>Which pods: this node's IPv4 pods with a known host veth that no policy isolates in either
 * direction. An isolated pod keeps all its traffic on the kernel's path, where the policy chains
 * and conntrack see it: a pod is fast both ways or neither, because conntrack seeing only one
 * direction of a flow would call the other invalid. The same holds per flow: only pod-to-pod traffic
 * between this node and the remote subnets is fast, both directions, and everything else (other
 * sources and destinations, this node's own pods among themselves, anything to or from the node)
 * takes the kernel's path, masquerade included. {@code fast_src4} pairs the veth with the pod's
 * address, so a spoofed source falls through to the anti-spoofing chain. The eligibility is computed
 * from the same snapshot as the policy ruleset and applied in the same transaction, so a pod that
 * becomes isolated leaves the fast path at the moment its policy chains appear.
 *
 * <p>TTL: nftables cannot set a header field from an expression, so the fast path does not
 * decrement it; it forwards only packets whose TTL is above 32 (ordinary traffic), and anything at or
 * below (traceroute's probes) takes the kernel's path, which decrements it and answers
 * time-exceeded. The fast path only moves packets between a pod and an uplink, never uplink to
 * uplink, so it cannot carry a loop.
 */
public final class FastPath {
    public static final String TABLE = "weft_fast";
    /** Packets at or below this TTL take the kernel's path. */
    static final int TTL_FLOOR = 32;

    private FastPath() {
    }

    /**
     * The whole table for {@code node}'s pods in {@code cluster}: replaced in one transaction, or
     * only removed when no pod or no remote subnet is fast.
     */
    public static NftScript full(ClusterSnapshot cluster, String node, FastPathRoutes routes) {
        NftScript s = removal();
        List<FastPod> pods = fastPods(cluster, node, routes);
        List<FastPathRoutes.Remote> remote = remotes(routes);
        if (pods.isEmpty() || remote.isEmpty()) {
            return s;
        }
        s.addTable();
        s.addSet("fast_src4", "type ifname . ipv4_addr;");
        s.addElements("fast_src4", pods.stream().map(p -> quoted(p.veth()) + " . " + p.ip()).toList());
        s.addMap("pod_dev4", "type ipv4_addr : iface_index;");
        s.addElements("pod_dev4", pods.stream().map(p -> p.ip() + " : " + p.ifindex()).toList());
        s.addSet("remote4", "type ipv4_addr; flags interval;");
        s.addElements("remote4", remote.stream().map(r -> r.dst().toString()).toList());
        s.addMap("next_hop4", "type ipv4_addr : ipv4_addr; flags interval;");
        s.addElements("next_hop4", remote.stream().map(r -> r.dst() + " : " + r.gateway()).toList());
        s.addMap("next_dev4", "type ipv4_addr : iface_index; flags interval;");
        s.addElements("next_dev4", remote.stream().map(r -> r.dst() + " : " + r.ifindex()).toList());
        String veths = pods.stream().map(FastPod::veth).distinct().map(FastPath::quoted).collect(Collectors.joining(", "));
        String uplinks = new TreeSet<>(remote.stream().map(r -> r.device().value()).toList()).stream()
                .map(FastPath::quoted).collect(Collectors.joining(", "));
        s.addChain("from_pods", "type filter hook ingress devices = { " + veths + " } priority filter; policy accept;");
        s.addRule("from_pods", "meta protocol ip iifname . ip saddr @fast_src4 ip daddr @remote4 ip ttl > " + TTL_FLOOR
                + " fwd ip to ip daddr map @next_hop4 device ip daddr map @next_dev4");
        s.addChain("to_pods", "type filter hook ingress devices = { " + uplinks + " } priority filter; policy accept;");
        s.addRule("to_pods", "meta protocol ip ip saddr @remote4 ip daddr @pod_dev4 ip ttl > " + TTL_FLOOR
                + " fwd ip to ip daddr device ip daddr map @pod_dev4");
        return s;
    }

    /** Removes the table (nothing when it does not exist): every full table starts with it. */
    public static NftScript removal() {
        return new NftScript(Family.NETDEV, TABLE).addTable().deleteTable();
    }

    /** The other nodes' IPv4 pod subnets inside the cluster network, in address order. */
    public static List<FastPathRoutes.Remote> remotes(FastPathRoutes routes) {
        return routes.remote().stream()
                .filter(r -> r.dst().isV4() && r.gateway().isV4() && routes.network().contains(r.dst()))
                .sorted(java.util.Comparator.comparing(r -> r.dst().toString())).toList();
    }

    /** A local pod's IPv4 address on the fast path, with its host veth and that veth's index. */
    public record FastPod(String veth, int ifindex, IpAddress ip) {
    }

    /**
     * {@code node}'s IPv4 pods that no policy isolates in either direction and whose host veth
     * {@code routes} knows, in address order (the first pod claiming an address wins).
     */
    public static List<FastPod> fastPods(ClusterSnapshot cluster, String node, FastPathRoutes routes) {
        List<FastPod> out = new ArrayList<>();
        java.util.Set<IpAddress> seen = new java.util.HashSet<>();
        for (PodInfo pod : cluster.pods()) {
            if (!pod.nodeName().equals(node) || pod.hostIface().isEmpty() || isolated(cluster, pod)) {
                continue;
            }
            Integer ifindex = routes.podIfindex().get(pod.hostIface().get());
            if (ifindex == null) {
                continue; // its veth is gone, or not there yet
            }
            for (IpAddress ip : pod.ips()) {
                if (ip.isV4() && seen.add(ip)) { // two pods claiming one address: the first wins, as in the ruleset
                    out.add(new FastPod(pod.hostIface().get().value(), ifindex, ip));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(FastPod::ip));
        return out;
    }

    /**
     * The addresses of {@code node}'s pods that a policy isolates in either direction: never fast,
     * whatever the kernel's routes (what a round that cannot read them still takes out).
     */
    public static java.util.Set<IpAddress> isolatedAddresses(ClusterSnapshot cluster, String node) {
        java.util.Set<IpAddress> out = new java.util.HashSet<>();
        for (PodInfo pod : cluster.pods()) {
            if (pod.nodeName().equals(node) && isolated(cluster, pod)) {
                out.addAll(pod.ips());
            }
        }
        return out;
    }

    private static boolean isolated(ClusterSnapshot cluster, PodInfo pod) {
        return !cluster.isolating(pod, PolicyType.INGRESS).isEmpty() || !cluster.isolating(pod, PolicyType.EGRESS).isEmpty();
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }
}
