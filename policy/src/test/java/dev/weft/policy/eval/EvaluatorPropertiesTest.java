package dev.weft.policy.eval;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PodInfo;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;
import dev.weft.policy.testing.NftSimulator;
import dev.weft.policy.testing.RandomCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties over random small clusters, one seed per case so a failure names its reproducer.
 * (Plain JUnit with seeds rather than jqwik: see the module's package-info for why.)
 */
class EvaluatorPropertiesTest {
    static final int[] PORTS = {80, 81, 82};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    record Probe(PodInfo from, PodInfo to, int port, Protocol proto) {
    }

    static List<Probe> probes(ClusterSnapshot c) {
        List<Probe> out = new ArrayList<>();
        for (PodInfo a : c.pods()) {
            for (PodInfo b : c.pods()) {
                for (int port : PORTS) {
                    for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
                        out.add(new Probe(a, b, port, proto));
                    }
                }
            }
        }
        return out;
    }

    static boolean allowed(ClusterSnapshot c, Probe p) {
        return PolicyEvaluator.allows(c, p.from(), p.to(), p.port(), p.proto());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void compiledRulesAgreeWithTheEvaluator(long seed) {
        ClusterSnapshot c = new RandomCluster(seed).cluster(4);
        NftSimulator sim = new NftSimulator(c);
        for (Probe p : probes(c)) {
            assertThat(sim.allows(p.from(), p.to(), p.port(), p.proto())).as("%s", p).isEqualTo(allowed(c, p));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void unselectedPodsAreReachableFromUnisolatedSources(long seed) {
        ClusterSnapshot c = new RandomCluster(seed).cluster(4);
        for (Probe p : probes(c)) {
            if (c.isolating(p.to(), PolicyType.INGRESS).isEmpty() && c.isolating(p.from(), PolicyType.EGRESS).isEmpty()) {
                assertThat(allowed(c, p)).as("%s", p).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anIngressPolicyOnlyAffectsItsNamespaceAndOnlyAddsToIsolatedPods(long seed) {
        RandomCluster random = new RandomCluster(seed);
        ClusterSnapshot before = random.cluster(3);
        NetworkPolicy added = random.ingressPolicy("added");
        List<NetworkPolicy> policies = new ArrayList<>(before.policies());
        policies.add(added);
        ClusterSnapshot after = before.withPolicies(policies);
        for (Probe p : probes(before)) {
            boolean was = allowed(before, p);
            boolean is = allowed(after, p);
            if (!p.to().namespace().equals(added.namespace())) {
                assertThat(is).as("outside %s: %s", added.namespace(), p).isEqualTo(was);
            }
            if (!before.isolating(p.to(), PolicyType.INGRESS).isEmpty() && was) {
                assertThat(is).as("already isolated, allow rules only add: %s", p).isTrue();
            }
        }
    }
}
