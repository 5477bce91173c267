package dev.weft.policy.eval;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.Protocol;
import dev.weft.policy.testing.E2eCluster;
import dev.weft.policy.testing.NftSimulator;
import dev.weft.policy.testing.Reachability;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.BiPredicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes e2e NetworkPolicy cases on the x/y/z × a/b/c matrix. Each case states the expected
 * reachability as a rule over {@code ns/pod} keys; both the evaluator and the compiled nftables rules
 * (run by {@link NftSimulator}) must produce exactly that table.
 */
class E2eEvaluatorTest {

    record Case(String name, String yaml, int port, Protocol proto, BiPredicate<String, String> expected) {
        @Override
        public String toString() {
            return name + " @" + port + "/" + proto;
        }
    }

    static boolean in(String key, String ns) {
        return key.startsWith(ns + "/");
    }

    static Stream<Case> cases() {
        return Stream.concat(E2eCases.ingress(), E2eCases.egress());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluatorMatchesTheE2eTable(Case c) {
        ClusterSnapshot cluster = E2eCluster.with(c.yaml());
        var actual = Reachability.pairs(cluster, (a, b) -> PolicyEvaluator.allows(cluster, a, b, c.port(), c.proto()));
        assertThat(actual).containsExactlyElementsOf(Reachability.expected(c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compiledRulesMatchTheE2eTable(Case c) {
        ClusterSnapshot cluster = E2eCluster.with(c.yaml());
        NftSimulator sim = new NftSimulator(cluster);
        var actual = Reachability.pairs(cluster, (a, b) -> sim.allows(a, b, c.port(), c.proto()));
        assertThat(actual).containsExactlyElementsOf(Reachability.expected(c.expected()));
    }

}
