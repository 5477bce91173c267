package dev.weft.policy.compile;

import dev.weft.policy.ClusterSnapshot;

/**
 * Compiles NetworkPolicy into nftables for one node, as a pure function of a cluster snapshot: no I/O,
 * deterministic output, tested with golden text. Applying the script ({@code nft -f -}) is the agent's job.
 *
 * <p>Layout of table {@code inet weft_policy}: the base chains of {@link BaseChains}; one chain per
 * distinct rule list ({@code ingress_<hash>}, {@code egress_<hash>}) for local pods isolated in that
 * direction, reached through the verdict maps {@code ingress4/6} and {@code egress4/6}; peer sets
 * {@code peer4_<hash>}/{@code peer6_<hash>} per distinct selector and {@code nport4/6_<hash>} for egress
 * to named ports. Rules grow with policies; pods only add set and map elements.
 */
public final class PolicyCompiler {
    /** The table this compiler owns; nothing else writes to it. */
    public static final String TABLE = RulesetScript.TABLE;

    private PolicyCompiler() {
    }

    /**
     * The compiled state for {@code node}, to keep for the next {@link #diff(Ruleset, Ruleset)}; its
     * pod chains log their drops with {@link LogDrops#DEFAULT}.
     */
    public static Ruleset ruleset(ClusterSnapshot cluster, String node) {
        return ruleset(cluster, node, java.util.Optional.of(LogDrops.DEFAULT));
    }

    /** As {@link #ruleset(ClusterSnapshot, String)}, logging drops as {@code log} says (empty: not at all). */
    public static Ruleset ruleset(ClusterSnapshot cluster, String node, java.util.Optional<LogDrops> log) {
        return new RulesetBuilder(cluster, node, log).build();
    }

    /**
     * The compiled state of one pod alone ({@code namespace/name}), for the table inside its own
     * network namespace (underlay pods): its chains, the peer sets they use, its map entries. Its
     * drops are not logged: records would go to the pod's namespace, where no agent listens.
     */
    public static Ruleset podRuleset(ClusterSnapshot cluster, String namespace, String name) {
        return new RulesetBuilder(cluster, p -> p.namespace().equals(namespace) && p.name().equals(name),
                java.util.Optional.empty()).build();
    }

    /**
     * The whole table for a pod's own namespace: the pod's ruleset dispatched from the
     * {@code input} and {@code output} hooks, with loopback and {@code nodeAddresses} (its node)
     * exempt. Replaces any previous table in one transaction.
     */
    public static NftScript fullInPod(Ruleset podRuleset, java.util.List<dev.weft.net.IpAddress> nodeAddresses) {
        return RulesetScript.fullInPod(podRuleset, nodeAddresses);
    }

    /** The whole table for {@code node}, replacing any previous one in one transaction. */
    public static NftScript compile(ClusterSnapshot cluster, String node) {
        return full(ruleset(cluster, node));
    }

    /** As {@link #compile(ClusterSnapshot, String)}, logging drops as {@code log} says. */
    public static NftScript compile(ClusterSnapshot cluster, String node, java.util.Optional<LogDrops> log) {
        return full(ruleset(cluster, node, log));
    }

    /** The whole table for a ruleset already compiled (no second compilation). */
    public static NftScript full(Ruleset ruleset) {
        return RulesetScript.full(ruleset);
    }

    /**
     * The changes from {@code old} to {@code now} for {@code node}: when only pods or labels changed this is
     * set and map elements, plus chains for pods that became isolated under a new rule list. It assumes the
     * kernel holds what {@code old} compiled to; if applying it fails, apply {@link #compile} instead.
     */
    public static NftScript diff(ClusterSnapshot old, ClusterSnapshot now, String node) {
        return diff(ruleset(old, node), ruleset(now, node));
    }

    /** As {@link #diff(ClusterSnapshot, ClusterSnapshot, String)}, from rulesets the agent kept. */
    public static NftScript diff(Ruleset old, Ruleset now) {
        return RulesetScript.diff(old, now);
    }
}
