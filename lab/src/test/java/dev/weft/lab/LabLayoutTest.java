package dev.weft.lab;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabLayoutTest {
    private final LabLayout demo = LabLayout.of("demo");

    @Test
    void everyNamespaceStartsWithTheLabPrefix() {
        assertThat(List.of(demo.fabricNs(), demo.routerNs(), demo.nodeNs("n1"), demo.podNs("n1", "x/a"), demo.podNs("n2", "b")))
                .allMatch(n -> n.startsWith("wl-demo-"))
                .containsExactly("wl-demo-fabric", "wl-demo-router", "wl-demo-n1", "wl-demo-n1-x-a", "wl-demo-n2-default-b");
    }

    @Test
    void namesAreCheckedWithTheOptionInTheMessage() {
        assertThatThrownBy(() -> LabLayout.of("Demo")).hasMessageContaining("--name \"Demo\"");
        assertThatThrownBy(() -> LabLayout.of("averyveryverylongname")).hasMessageContaining("1-12");
        assertThatThrownBy(() -> LabLayout.checkPod("x/a/b")).hasMessageContaining("pod \"x/a/b\"");
        assertThat(LabLayout.checkPod("a")).isEqualTo("default/a");
    }

    @Test
    void l3PutsEvenNodesBehindTheRouter() {
        assertThat(LabLayout.nodeAddress(1, Topology.L3)).isEqualTo("172.30.0.11/24");
        assertThat(LabLayout.nodeAddress(2, Topology.L3)).isEqualTo("172.30.1.12/24");
        assertThat(LabLayout.nodeAddress(2, Topology.L2)).isEqualTo("172.30.0.12/24");
        assertThatThrownBy(() -> LabLayout.nodeAddress(241, Topology.L2)).hasMessageContaining("241");
    }

    @Test
    void matrixMarksEachOutcome() {
        var pod = new LabState.Pod("default/a", "n1", "wl-x-n1-default-a", "c", "10.0.0.2", Map.of());
        var m = new Reachability.Matrix(List.of(pod, pod), List.of(
                List.of(new Reachability.Cell(true, true), new Reachability.Cell(false, false)),
                List.of(new Reachability.Cell(true, false), new Reachability.Cell(false, true))));
        assertThat(m.allReachable()).isFalse();
        assertThat(m.failures()).isEqualTo(3);
        assertThat(m.render()).contains("n1:a  .     X").contains("n1:a  p     t");
    }
}
