package dev.weft.node.policy;

import dev.weft.net.IpAddress;
import dev.weft.netlink.nflog.PacketSummary;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;
import dev.weft.policy.eval.Endpoint;
import dev.weft.policy.eval.PolicyEvaluator;
import dev.weft.policy.eval.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * Turns a logged drop into a {@link DropRecord}, as a pure function of the cluster snapshot the
 * agent enforces: the chain (from the log prefix) says the direction, the addresses say the pods,
 * and the evaluator says, in {@code explain}'s words, which policies isolate the pod and that no
 * rule of theirs allows this traffic. When the snapshot now allows what the kernel dropped (policies
 * or labels changed since), the record says so rather than invent a reason.
 */
public final class DropVerdict {
    private DropVerdict() {
    }

    /** The record of {@code packet}, dropped by {@code chain} ({@code ingress_…}/{@code egress_…}) on {@code node}. */
    public static DropRecord resolve(ClusterSnapshot cluster, String node, String chain, PacketSummary packet,
                                     long timeMillis) {
        PolicyType direction = chain.startsWith("egress_") ? PolicyType.EGRESS : PolicyType.INGRESS;
        Optional<PodInfo> src = podAt(cluster, packet.source());
        Optional<PodInfo> dst = podAt(cluster, packet.destination());
        String verdict = words(cluster, direction, chain, src, dst, packet);
        return new DropRecord(timeMillis, node, word(direction), chain, packet.source().toString(),
                src.map(PodInfo::key).orElse(""), packet.destination().toString(), dst.map(PodInfo::key).orElse(""),
                packet.protocolName(), packet.destinationPort(), verdict);
    }

    private static String words(ClusterSnapshot cluster, PolicyType direction, String chain, Optional<PodInfo> src,
                                Optional<PodInfo> dst, PacketSummary packet) {
        Optional<PodInfo> self = direction == PolicyType.INGRESS ? dst : src;
        Optional<PodInfo> other = direction == PolicyType.INGRESS ? src : dst;
        IpAddress otherIp = direction == PolicyType.INGRESS ? packet.source() : packet.destination();
        String peer = other.map(p -> "pod " + p.key()).orElse(otherIp.toString());
        String what = packet.protocolName() + (packet.destinationPort() == 0 ? "" : "/" + packet.destinationPort());
        String fromTo = direction == PolicyType.INGRESS ? " from " : " to ";
        if (self.isEmpty()) {
            IpAddress selfIp = direction == PolicyType.INGRESS ? packet.destination() : packet.source();
            return "denied by " + chain + ": " + selfIp + " is no pod the agent knows now (removed since?)";
        }
        PodInfo pod = self.get();
        List<String> selecting = cluster.isolating(pod, direction).stream().map(NetworkPolicy::key).toList();
        String head = "pod " + pod.key() + " " + word(direction);
        if (selecting.isEmpty()) {
            return "denied by " + chain + "; " + head + " is selected by no policy now (changed since)";
        }
        String selected = head + " is selected by " + String.join(", ", selecting);
        Optional<Protocol> proto = protocol(packet.protocol());
        if (proto.isPresent() && packet.destinationPort() != 0 && allowedNow(cluster, direction, src, dst, packet, proto.get())) {
            return "denied by " + chain + "; " + selected + ", which allow " + what + fromTo + peer + " now (changed since)";
        }
        return "denied: " + selected + "; no rule allows " + what + fromTo + peer;
    }

    private static boolean allowedNow(ClusterSnapshot cluster, PolicyType direction, Optional<PodInfo> src,
                                      Optional<PodInfo> dst, PacketSummary packet, Protocol proto) {
        Endpoint from = src.<Endpoint>map(Endpoint.Pod::new).orElse(new Endpoint.External(packet.source()));
        Endpoint to = dst.<Endpoint>map(Endpoint.Pod::new).orElse(new Endpoint.External(packet.destination()));
        Verdict v = PolicyEvaluator.evaluate(cluster, from, to, packet.destinationPort(), proto);
        return (direction == PolicyType.INGRESS ? v.ingress() : v.egress()).outcome().allows();
    }

    private static String word(PolicyType direction) {
        return direction == PolicyType.INGRESS ? "ingress" : "egress";
    }

    private static Optional<PodInfo> podAt(ClusterSnapshot cluster, IpAddress ip) {
        return cluster.pods().stream().filter(p -> p.ips().contains(ip)).findFirst();
    }

    private static Optional<Protocol> protocol(int number) {
        return switch (number) {
            case PacketSummary.TCP -> Optional.of(Protocol.TCP);
            case PacketSummary.UDP -> Optional.of(Protocol.UDP);
            case PacketSummary.SCTP -> Optional.of(Protocol.SCTP);
            default -> Optional.empty();
        };
    }
}
