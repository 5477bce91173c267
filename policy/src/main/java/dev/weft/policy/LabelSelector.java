package dev.weft.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Kubernetes label selector: all {@code matchLabels} and all {@code matchExpressions} must hold.
 * The empty selector matches everything. Whether an <em>absent</em> selector differs from an empty
 * one is decided by the field holding it (see {@link PolicyPeer.Selector}), so this type has no "absent" state.
 * Components are sorted, so equal selectors are equal values and can share one nftables set.
 */
public record LabelSelector(SortedMap<String, String> matchLabels, List<LabelRequirement> matchExpressions) {
    public static final LabelSelector ALL = new LabelSelector(new TreeMap<>(), List.of());

    public LabelSelector {
        matchLabels = Collections.unmodifiableSortedMap(new TreeMap<>(matchLabels));
        List<LabelRequirement> sorted = new ArrayList<>(matchExpressions);
        sorted.sort(Comparator.comparing(LabelRequirement::toString));
        matchExpressions = List.copyOf(sorted);
    }

    public static LabelSelector labels(Map<String, String> matchLabels) {
        return new LabelSelector(new TreeMap<>(matchLabels), List.of());
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (var e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(r -> r.matches(labels));
    }

    /** kubectl's selector syntax ({@code app=web,tier in (a,b)}); {@code <all>} for the empty selector. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "<all>";
        }
        List<String> parts = new ArrayList<>();
        matchLabels.forEach((k, v) -> parts.add(k + "=" + v));
        matchExpressions.forEach(r -> parts.add(r.toString()));
        return String.join(",", parts);
    }
}
