package dev.weft.policy.compile;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PodInfo;
import dev.weft.policy.testing.E2eCluster;
import dev.weft.policy.testing.Golden;
import dev.weft.policy.testing.NftCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Incremental updates: pod and label changes become element changes, checked by the kernel on top of the full ruleset. */
class PolicyCompilerDiffTest {
    static final ClusterSnapshot BEFORE = E2eCluster.with(PolicyCompilerGoldenTest.E2E_POLICIES);

    static ClusterSnapshot relabel(ClusterSnapshot c, String key, Map<String, String> labels) {
        PodInfo pod = E2eCluster.pod(c, key);
        List<PodInfo> pods = c.pods().stream().map(p -> p.equals(pod) ? p.withLabels(labels) : p).toList();
        return c.withPods(pods);
    }

    @Test
    void remoteLabelChangeOnlyMovesSetElements() throws Exception {
        // y/c (node-1) stops being pod=c and becomes pod=b: it leaves the pod=c peer sets and joins y/b's.
        ClusterSnapshot after = relabel(BEFORE, "y/c", Map.of("pod", "b"));
        String diff = PolicyCompiler.diff(BEFORE, after, "node-1").render();
        Golden.check("diff-relabel-y-c.nft", diff);
        assertThat(diff.lines()).allMatch(l -> l.startsWith("add element ") || l.startsWith("delete element "));
        assertThat(diff).contains("delete element").contains("add element");
        NftCheck.assertValid(PolicyCompiler.compile(BEFORE, "node-1").render() + diff);
    }

    @Test
    void newlyIsolatedPodGetsItsChainAndMapEntry() throws Exception {
        // x/b (node-2) is isolated by x/deny-all alone; relabelled pod=a, allow-web selects it too,
        // so it moves to a chain node-2 did not have, and the deny-all chain goes unused.
        ClusterSnapshot after = relabel(BEFORE, "x/b", Map.of("pod", "a"));
        String diff = PolicyCompiler.diff(BEFORE, after, "node-2").render();
        assertThat(diff).contains("add chain inet weft_policy ingress_")
                .contains("delete element inet weft_policy ingress4 { 10.0.1.2 }")
                .containsPattern("add element inet weft_policy ingress4 \\{ 10.0.1.2 : jump ingress_\\w+ }")
                .containsPattern("delete chain inet weft_policy ingress_\\w+");
        assertThat(diff).doesNotContain("delete table").doesNotContain("add rule inet weft_policy forward");
        NftCheck.assertValid(PolicyCompiler.compile(BEFORE, "node-2").render() + diff);
    }

    @Test
    void diffOfEqualSnapshotsIsEmptyAndDiffFromEmptyBuildsEverything() throws Exception {
        assertThat(PolicyCompiler.diff(BEFORE, BEFORE, "node-1").isEmpty()).isTrue();
        ClusterSnapshot none = BEFORE.withPolicies(List.of());
        String grow = PolicyCompiler.diff(none, BEFORE, "node-1").render();
        String shrink = PolicyCompiler.diff(BEFORE, none, "node-1").render();
        assertThat(shrink).contains("delete chain").contains("delete set");
        NftCheck.assertValid(PolicyCompiler.compile(none, "node-1").render() + grow + shrink);
    }
}
