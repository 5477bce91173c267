package dev.weft.policy.compile;

import dev.weft.policy.testing.E2eCluster;
import dev.weft.policy.testing.NftCheck;
import dev.weft.policy.testing.SamplePolicies;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate-limited log rule before each pod chain's drop, its prefix, and its settings. */
class LogDropsTest {

    @Test
    void everyPodChainLogsJustBeforeItsDropWithItsOwnNameAsPrefix() throws Exception {
        Ruleset r = PolicyCompiler.ruleset(E2eCluster.with(SamplePolicies.E2E), "node-1",
                Optional.of(new LogDrops(7, 5, 9)));
        assertThat(r.chains()).isNotEmpty();
        for (PodChain c : r.chains().values()) {
            var rules = c.rules();
            assertThat(rules.get(rules.size() - 2)).isEqualTo("limit rate 5/second burst 9 packets log group 7 prefix \"weft "
                    + c.name() + "\"");
            assertThat(rules.getLast()).startsWith("drop");
            assertThat(LogDrops.chainOf(LogDrops.prefix(c.name()))).contains(c.name());
        }
        NftCheck.assertValid(PolicyCompiler.full(r).render());
    }

    @Test
    void withoutLoggingTheChainsAreTheSameButForTheLogRule() {
        var cluster = E2eCluster.with(SamplePolicies.E2E);
        Ruleset off = PolicyCompiler.ruleset(cluster, "node-1", Optional.empty());
        Ruleset on = PolicyCompiler.ruleset(cluster, "node-1");
        assertThat(on.chains().keySet()).as("logging renames no chain").isEqualTo(off.chains().keySet());
        assertThat(PolicyCompiler.full(off).render()).doesNotContain(" log ");
        assertThat(on.ruleCount()).isEqualTo(off.ruleCount() + off.chains().size());
        assertThatThrownBy(() -> PolicyCompiler.diff(off, on)).hasMessageContaining("logs differently");
    }

    @Test
    void underlayPodTablesDoNotLog() {
        var cluster = E2eCluster.with(SamplePolicies.E2E);
        var pod = cluster.pods().getFirst();
        assertThat(PolicyCompiler.podRuleset(cluster, pod.namespace(), pod.name()).chains().values())
                .allSatisfy(c -> assertThat(c.log()).isEmpty());
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> new LogDrops(70000, 1, 1)).hasMessageStartingWith("group:");
        assertThatThrownBy(() -> new LogDrops(1, 0, 1)).hasMessageStartingWith("perSecond:");
        assertThatThrownBy(() -> new LogDrops(1, 1, 0)).hasMessageStartingWith("burst:");
    }

    @Test
    void onlyWeftsPrefixesNameAChain() {
        assertThat(LogDrops.chainOf("weft egress_0a1b")).contains("egress_0a1b");
        assertThat(LogDrops.chainOf("weft forward")).isEmpty();
        assertThat(LogDrops.chainOf("other ingress_00")).isEmpty();
        assertThat(LogDrops.chainOf(null)).isEmpty();
    }
}
