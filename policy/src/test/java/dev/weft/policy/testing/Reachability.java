package dev.weft.policy.testing;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PodInfo;
import dev.weft.policy.Protocol;

import java.util.List;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The e2e suite's reachability table, reduced to the set of allowed {@code from->to} pairs so a test
 * states expectations compactly ("everything except into x/a") and failures print as a readable diff.
 */
public final class Reachability {
    private Reachability() {
    }

    /** The pairs (self-traffic excluded, as in the e2e table's diagonal being trivially true) that {@code allowed} admits. */
    public static TreeSet<String> pairs(ClusterSnapshot cluster, BiPredicate<PodInfo, PodInfo> allowed) {
        TreeSet<String> out = new TreeSet<>();
        List<PodInfo> pods = cluster.pods();
        for (PodInfo from : pods) {
            for (PodInfo to : pods) {
                if (!from.equals(to) && allowed.test(from, to)) {
                    out.add(from.key() + "->" + to.key());
                }
            }
        }
        return out;
    }

    /** All pairs whose endpoints satisfy the predicate: the expected table, stated as a rule. */
    public static TreeSet<String> expected(BiPredicate<String, String> allowed) {
        TreeSet<String> out = new TreeSet<>();
        for (String from : E2eCluster.keys()) {
            for (String to : E2eCluster.keys()) {
                if (!from.equals(to) && allowed.test(from, to)) {
                    out.add(from + "->" + to);
                }
            }
        }
        return out;
    }

    public static BiPredicate<PodInfo, PodInfo> port(ClusterSnapshot c, int port, Protocol proto,
                                                     PairOracle oracle) {
        return (a, b) -> oracle.allows(c, a, b, port, proto);
    }

    /** Something that decides a pod pair: the evaluator, or the compiled rules run by {@link NftSimulator}. */
    @FunctionalInterface
    public interface PairOracle {
        boolean allows(ClusterSnapshot cluster, PodInfo from, PodInfo to, int port, Protocol proto);
    }
}
