package dev.weft.node.policy;

import dev.weft.net.IpAddress;
import dev.weft.nft.FakeNft;
import dev.weft.nodestate.PodRecord;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.PodInfo;
import dev.weft.policy.manifest.PolicyManifest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Underlay pods' policy in their own namespaces, on a fake nft and a namespace runner that
 * records where each transaction went: one whole table per pod, written only when its ruleset
 * changed or its table vanished, the node's address exempt, pods without a namespace path skipped.
 */
class PodNamespaceTablesTest {
    private static final IpAddress NODE = IpAddress.parse("172.30.0.11");

    private final FakeNft nft = new FakeNft();
    private final List<Path> where = new ArrayList<>();
    private final PodNamespaceTables tables = new PodNamespaceTables(nft, new PodNamespaceTables.InNamespace() {
        @Override
        public <T> T run(Path netns, Supplier<T> action) {
            where.add(netns);
            return action.get();
        }
    }, List.of(NODE));

    private static PodRecord record(String ns, String name, String ip, boolean withNetns) {
        return new PodRecord(ns, name, "cid-" + name, "eth0", List.of(IpAddress.parse(ip)), Optional.empty(),
                withNetns ? Optional.of(Path.of("/run/netns/pod-" + name)) : Optional.empty());
    }

    private static ClusterSnapshot cluster(boolean denyInX) {
        List<PodInfo> pods = List.of(PodInfo.of("x", "a", Map.of(), "n1", IpAddress.parse("172.30.0.70")),
                PodInfo.of("y", "b", Map.of(), "n1", IpAddress.parse("172.30.0.71")));
        return new ClusterSnapshot(List.of(NamespaceInfo.of("x", Map.of()), NamespaceInfo.of("y", Map.of())), pods,
                denyInX ? PolicyManifest.parse(PolicyFixtures.DENY_ALL_IN_X) : List.of());
    }

    @Test
    void eachPodGetsItsOwnTableInItsNamespaceOnlyWhenItChanges() {
        List<PodRecord> local = List.of(record("x", "a", "172.30.0.70", true), record("y", "b", "172.30.0.71", true));
        assertThat(tables.apply(cluster(false), local, false)).isEqualTo(2);
        assertThat(where).containsExactlyInAnyOrder(Path.of("/run/netns/pod-a"), Path.of("/run/netns/pod-b"));
        assertThat(nft.script()).contains("hook input").contains("hook output")
                .contains("ip saddr { 172.30.0.11 } accept").doesNotContain("hook forward");

        where.clear();
        assertThat(tables.apply(cluster(false), local, false)).as("nothing changed").isZero();
        assertThat(where).isEmpty();

        assertThat(tables.apply(cluster(true), local, false)).as("only x/a is isolated by the new policy").isEqualTo(1);
        assertThat(where).containsExactly(Path.of("/run/netns/pod-a"));
        String last = nft.applied().getLast().render();
        assertThat(last).contains("172.30.0.70 : jump ingress_").doesNotContain("172.30.0.71 :");
    }

    @Test
    void aVanishedTableIsWrittenAgainOnAPeriodicRound() {
        List<PodRecord> local = List.of(record("x", "a", "172.30.0.70", true));
        tables.apply(cluster(true), local, false);
        where.clear();
        // FakeNft lists nothing: on a periodic round the table counts as gone and is written again
        assertThat(tables.apply(cluster(true), local, true)).isEqualTo(1);
        nft.setListing("table inet weft_policy", JsonNodeFactory.instance.objectNode());
        assertThat(tables.apply(cluster(true), local, true)).as("present: left alone").isZero();
    }

    @Test
    void podsWithoutANamespacePathAreSkippedAndGonePodsForgotten() {
        assertThat(tables.apply(cluster(true), List.of(record("x", "a", "172.30.0.70", false)), false)).isZero();
        assertThat(nft.applied()).isEmpty();
        List<PodRecord> local = List.of(record("x", "a", "172.30.0.70", true));
        assertThat(tables.apply(cluster(true), local, false)).isEqualTo(1);
        assertThat(tables.apply(cluster(true), List.of(), false)).isZero();
        assertThat(tables.apply(cluster(true), local, false)).as("a pod seen again is written again").isEqualTo(1);
    }
}
