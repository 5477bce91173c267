package dev.weft.policy.compile;

import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds one node's {@link Ruleset}: pod chains for its isolated pods, their peer sets, the maps and anti-spoofing sets. */
final class RulesetBuilder {
    private final ClusterSnapshot cluster;
    private final java.util.function.Predicate<PodInfo> isLocal;
    private final SetRegistry registry;
    private final ChainCompiler compiler;
    private final java.util.Optional<LogDrops> log;
    private final TreeMap<String, PodChain> chains = new TreeMap<>();
    private final Map<String, TreeMap<String, String>> maps = new TreeMap<>();

    RulesetBuilder(ClusterSnapshot cluster, String node, java.util.Optional<LogDrops> log) {
        this(cluster, p -> p.nodeName().equals(node), log);
    }

    /**
     * For the pods {@code isLocal} picks (one node's, or one pod alone for its own namespace); with
     * {@code log}, each pod chain logs what it drops.
     */
    RulesetBuilder(ClusterSnapshot cluster, java.util.function.Predicate<PodInfo> isLocal,
                   java.util.Optional<LogDrops> log) {
        this.cluster = cluster;
        this.isLocal = isLocal;
        this.log = java.util.Objects.requireNonNull(log, "log");
        this.registry = new SetRegistry(cluster);
        this.compiler = new ChainCompiler(cluster, registry);
        for (PolicyType d : PolicyType.values()) {
            maps.put(BaseChains.map(d, false), new TreeMap<>());
            maps.put(BaseChains.map(d, true), new TreeMap<>());
        }
    }

    Ruleset build() {
        List<PodInfo> local = cluster.pods().stream().filter(isLocal).toList();
        for (PodInfo pod : local) {
            for (PolicyType direction : PolicyType.values()) {
                if (!cluster.isolating(pod, direction).isEmpty()) {
                    dispatch(pod, direction, chainFor(pod, direction));
                }
            }
        }
        TreeMap<String, NftSet> sets = new TreeMap<>(registry.sets());
        maps.forEach((name, elements) -> sets.put(name,
                NftSet.verdictMap(name, name.endsWith("6") ? "ipv6_addr" : "ipv4_addr", elements)));
        antiSpoofing(local).forEach(s -> sets.put(s.name(), s));
        return new Ruleset(sets, chains);
    }

    private String chainFor(PodInfo pod, PolicyType direction) {
        List<Term> terms = compiler.terms(pod, direction);
        String text = terms.stream().map(t -> t.render(direction)).collect(Collectors.joining("\n"));
        String prefix = direction == PolicyType.INGRESS ? "ingress_" : "egress_";
        String name = prefix + ContentHash.of(text);
        chains.putIfAbsent(name, new PodChain(name, direction, terms, log));
        return name;
    }

    /** Two pods claiming one address is a cluster bug; the first by key wins, deterministically. */
    private void dispatch(PodInfo pod, PolicyType direction, String chain) {
        for (IpAddress ip : pod.ips()) {
            maps.get(BaseChains.map(direction, ip.isV6())).putIfAbsent(ip.toString(), "jump " + chain);
        }
    }

    private static List<NftSet> antiSpoofing(List<PodInfo> local) {
        List<String> ifaces = new ArrayList<>();
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (PodInfo pod : local) {
            pod.hostIface().ifPresent(i -> {
                String quoted = "\"" + i.value() + "\"";
                ifaces.add(quoted);
                pod.ips().forEach(ip -> (ip.isV6() ? v6 : v4).add(quoted + " . " + ip));
            });
        }
        return List.of(NftSet.set(BaseChains.POD_IFACES, "ifname", ifaces),
                NftSet.set(BaseChains.sourceSet(false), "ifname . ipv4_addr", v4),
                NftSet.set(BaseChains.sourceSet(true), "ifname . ipv6_addr", v6));
    }
}
