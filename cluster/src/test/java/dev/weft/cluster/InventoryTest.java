package dev.weft.cluster;

import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryTest {
    @TempDir
    Path tmp;
    private Datastore store;
    private Inventory inv;

    @BeforeEach
    void setUp() {
        store = new EmbeddedDatastore(tmp.resolve("store.json"));
        inv = new Inventory(store);
    }

    private static Inventory.Pod pod(String namespace, String name) {
        return new Inventory.Pod(namespace, name, "n1", List.of(IpAddress.parse("10.244.1.2")), Optional.empty());
    }

    /**
     * {@code /weft/pods/NS/NAME}: namespace {@code a/b} with name {@code c} and namespace
     * {@code a} with name {@code b/c} were the same key, so one pod overwrote the other (issue
     * #13, item 6). Names are Kubernetes names now, checked on write.
     */
    @Test
    void podsWhoseKeysCouldCollideAreRefused() {
        assertThatThrownBy(() -> inv.putPod(pod("a/b", "c"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> inv.putPod(pod("a", "b/c"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> inv.putPod(pod("../..", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inv.putPodMeta("a/b", "c", new Inventory.PodMeta(Map.of(), Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inv.putNamespaceLabels("a/b", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inv.putPolicy("a", "b/c", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list("/weft/")).isEmpty();
    }

    /** Such an entry written by someone else used to be read as a pod; it is skipped and logged (item 6). */
    @Test
    void entriesWithInvalidNamesAreSkippedOnRead() {
        inv.putPod(pod("default", "web"));
        store.put("/weft/pods/a/b/c", """
                {"namespace": "a/b", "name": "c", "node": "n1", "ips": ["10.244.1.9"]}
                """.getBytes(StandardCharsets.UTF_8), Datastore.ANY, 0);
        store.put("/weft/podmeta/a/b/c", "{\"labels\": {}}".getBytes(StandardCharsets.UTF_8), Datastore.ANY, 0);
        store.put("/weft/policies/a/b/c", "{}".getBytes(StandardCharsets.UTF_8), Datastore.ANY, 0);
        store.put("/weft/namespaces/a/b", "{}".getBytes(StandardCharsets.UTF_8), Datastore.ANY, 0);
        assertThat(inv.pods()).extracting(Inventory.Pod::key).containsExactly("default/web");
        assertThat(inv.podMetas()).isEmpty();
        assertThat(inv.policies()).isEmpty();
        assertThat(inv.namespaces()).isEmpty();
    }

    @Test
    void validNamesRoundTrip() {
        inv.putPod(pod("kube-system", "coredns-5d78c9869d-x2x8r"));
        inv.putPodMeta("kube-system", "coredns-5d78c9869d-x2x8r", new Inventory.PodMeta(Map.of("k8s-app", "dns"), Map.of()));
        inv.putNamespaceLabels("kube-system", Map.of("a", "b"));
        inv.putPolicy("kube-system", "allow.dns", "{}");
        assertThat(inv.pods()).extracting(Inventory.Pod::key).containsExactly("kube-system/coredns-5d78c9869d-x2x8r");
        assertThat(inv.podMetas()).containsKey("kube-system/coredns-5d78c9869d-x2x8r");
        assertThat(inv.namespaces()).containsKey("kube-system");
        assertThat(inv.policies()).containsKey("kube-system/allow.dns");
    }
}
