package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NetworkPolicy;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotsTest {
    @TempDir
    Path tmp;

    @Test
    void readsTypedPodsLabelsNamespacesAndPolicies() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            inv.putPod(new Inventory.Pod("x", "a", "n1", List.of(IpAddress.parse("10.244.1.2"), IpAddress.parse("fd00::2")),
                    Optional.of(InterfaceName.of("veth1"))));
            inv.putPodMeta("x", "a", new Inventory.PodMeta(Map.of("app", "web"), Map.of("http", new Inventory.Port(80, "TCP"))));
            inv.putNamespaceLabels("y", Map.of("team", "y"));
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            inv.putPolicy("x", "broken", "{\"kind\": \"NetworkPolicy\"}");

            ClusterSnapshot snap = new Snapshots(inv).read();
            assertThat(snap.pods()).singleElement().satisfies(p -> {
                assertThat(p.ips()).containsExactly(IpAddress.parse("10.244.1.2"), IpAddress.parse("fd00::2"));
                assertThat(p.labels()).containsEntry("app", "web");
                assertThat(p.namedPorts()).containsKey("http");
                assertThat(p.hostIface()).contains(InterfaceName.of("veth1"));
            });
            assertThat(snap.policies()).extracting(NetworkPolicy::name).containsExactly("deny"); // the broken one is left out
            assertThat(snap.namespaces()).extracting(n -> n.name()).containsExactly("x", "y");
        }
    }

    @Test
    void aPolicyIsParsedOncePerRevision() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            Snapshots snapshots = new Snapshots(inv);
            NetworkPolicy first = snapshots.read().policies().getFirst();
            assertThat(snapshots.read().policies().getFirst()).as("same revision: the parsed policy is reused").isSameAs(first);
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X.replace("\"Ingress\"", "\"Ingress\", \"Egress\""));
            NetworkPolicy second = snapshots.read().policies().getFirst();
            assertThat(second).isNotSameAs(first);
            assertThat(second.policyTypes()).hasSize(2);
        }
    }
}
