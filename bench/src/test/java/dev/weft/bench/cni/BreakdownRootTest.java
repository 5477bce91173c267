package dev.weft.bench.cni;

import dev.weft.lab.Lab;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tiny breakdown run: every variant ADDs for real and reports its steps; nothing is left behind. */
@RequiresRoot
class BreakdownRootTest {
    @Test
    void everyVariantReportsItsStepsAndTheRunLeavesNoNamespace() throws Exception {
        ObjectNode out = Breakdown.run(1, 4, 2, List.of(), new PrintStream(new ByteArrayOutputStream()));

        assertThat(out.path("load_average_before").asString()).isNotEmpty();
        for (String v : List.of("host_local_files", "host_local_indexed", "host_local_indexed_port_up_after_join")) {
            JsonNode s = out.path(v);
            assertThat(s.path("total_p50_ms").asDouble()).as(v).isPositive();
            assertThat(s.path("total_p50_by_quarter_ms").size()).as(v).isEqualTo(4);
            JsonNode steps = s.path("steps_p50_ms");
            assertThat(steps.has("kernel.createBridgePort")).as(v + " " + steps).isTrue();
            assertThat(steps.has("ipam.ADD")).as(v + " " + steps).isTrue();
            assertThat(steps.has("ipam.store.reserve")).as(v + " " + steps).isTrue();
            assertThat(steps.path("plugin.add").asDouble()).as(v).isLessThanOrEqualTo(s.path("total_p99_ms").asDouble());
        }
        assertThat(Lab.namespaces("wbd")).isEmpty();
    }

    @Test
    void anotherBuildIsNamedThenItsLibDirectory() {
        assertThat(Breakdown.Build.parse("main=/work/main/build/lib").name()).isEqualTo("main");
        assertThatThrownBy(() -> Breakdown.Build.parse("/work/main/build/lib")).hasMessageContaining("NAME=LIBDIR");
        assertThatThrownBy(() -> Breakdown.Build.parse("a/b=/x")).hasMessageContaining("name \"a/b\"");
    }
}
