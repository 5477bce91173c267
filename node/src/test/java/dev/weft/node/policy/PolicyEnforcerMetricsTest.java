package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.nft.FakeNft;
import dev.weft.node.metrics.MetricsScrape;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.policy.compile.PolicyCompiler;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Policy rounds, their transactions (whole table, then diffs) and the ruleset's size reach the metrics. */
class PolicyEnforcerMetricsTest {
    @TempDir
    Path tmp;

    @Test
    void roundsAppliesAndRulesetSizeAreCounted() throws Exception {
        NodeMetrics metrics = NodeMetrics.unserved();
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            Path dataDir = tmp.resolve("cni");
            FakeNft nft = new FakeNft();
            PolicyEnforcer enforcer = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft, "n1",
                    Duration.ofHours(1), metrics);
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            PolicyFixtures.record(dataDir, "x", "a", "10.244.1.2", "veth1");
            enforcer.round();
            nft.setListing("table inet " + PolicyCompiler.TABLE, JsonNodeFactory.instance.objectNode());
            enforcer.round(); // nothing changed: a round, no transaction
            PolicyFixtures.record(dataDir, "x", "b", "10.244.1.3", "veth2");
            enforcer.round();

            var s = MetricsScrape.samples(metrics.text());
            assertThat(MetricsScrape.sum(s, "weft_reconcile_rounds_total", "loop=\"policy\"", "result=\"ok\"")).isEqualTo(3);
            assertThat(MetricsScrape.sum(s, "weft_policy_applies_total", "kind=\"whole\"")).isEqualTo(1);
            assertThat(MetricsScrape.sum(s, "weft_policy_applies_total", "kind=\"diff\"")).isEqualTo(1);
            assertThat(MetricsScrape.sum(s, "weft_policy_apply_duration_seconds_count")).isEqualTo(2);
            assertThat(MetricsScrape.sum(s, "weft_policy_ruleset_rules")).isPositive();
            assertThat(MetricsScrape.sum(s, "weft_policy_ruleset_set_elements")).isGreaterThanOrEqualTo(2);
        }
    }
}
