package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.PodRecord;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The datastore's pods of this node follow what the weft plugin recorded here; other nodes' pods are left alone. */
class PodPublisherTest {
    @TempDir
    Path tmp;

    @Test
    void publishesRecordedPodsAndRemovesThoseWhoseRecordWent() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            Path dataDir = tmp.resolve("cni");
            inv.putPod(new Inventory.Pod("x", "remote", "n2", List.of(IpAddress.parse("10.244.2.2")), Optional.empty()));
            PodPublisher publisher = new PodPublisher(inv, "n1", dataDir);
            assertThat(publisher.sync()).as("nothing recorded, nothing of n1 published").isFalse();

            PodRecord a = PolicyFixtures.record(dataDir, "x", "a", "10.244.1.2", "veth1");
            PolicyFixtures.record(dataDir, "x", "b", "10.244.1.3", "veth2");
            assertThat(publisher.sync()).isTrue();
            assertThat(inv.pods()).extracting(Inventory.Pod::key).containsExactlyInAnyOrder("x/a", "x/b", "x/remote");
            Inventory.Pod pa = inv.pods().stream().filter(p -> p.key().equals("x/a")).findFirst().orElseThrow();
            assertThat(pa.node()).isEqualTo("n1");
            assertThat(pa.ips()).containsExactly(IpAddress.parse("10.244.1.2"));
            assertThat(pa.hostIface()).map(Object::toString).contains("veth1");
            assertThat(publisher.sync()).as("idempotent").isFalse();

            Files.delete(PodRecord.file(dataDir, a.containerId(), a.ifName()));
            assertThat(publisher.sync()).isTrue();
            assertThat(inv.pods()).extracting(Inventory.Pod::key).containsExactlyInAnyOrder("x/b", "x/remote");
        }
    }
}
