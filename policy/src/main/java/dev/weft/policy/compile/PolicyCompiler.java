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

    /** The compiled state for {@code node}, to keep for the next {@link #diff(Ruleset, Ruleset)}. */
    public static Ruleset ruleset(ClusterSnapshot cluster, String node) {
        return new RulesetBuilder(cluster, node).build();
    }

    /** The whole table for {@code node}, replacing any previous one in one transaction. */
    public static NftScript compile(ClusterSnapshot cluster, String node) {
        return full(ruleset(cluster, node));
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
