package dev.weft.policy.compile;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The compiled policy state of one node, before it becomes nft text: the named sets and maps and the
 * pod chains. The base chains are fixed ({@link BaseChains}). Keeping this value lets the agent diff
 * the next snapshot against it instead of replacing the whole table.
 */
public record Ruleset(SortedMap<String, NftSet> sets, SortedMap<String, PodChain> chains) {
    public Ruleset {
        sets = Collections.unmodifiableSortedMap(new TreeMap<>(sets));
        chains = Collections.unmodifiableSortedMap(new TreeMap<>(chains));
    }

    /** Total elements over all sets and maps: what grows with pods. */
    public int elementCount() {
        return sets.values().stream().mapToInt(s -> s.elements().size()).sum();
    }

    /** Total rules over all pod chains: what must not grow with pods. */
    public int ruleCount() {
        return chains.values().stream().mapToInt(c -> c.rules().size()).sum();
    }
}
