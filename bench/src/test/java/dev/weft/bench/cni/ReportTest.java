package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    private static final CniBench.Settings SETTINGS = new CniBench.Settings(3, 2, 7, Path.of("cni.json"),
            Path.of("shim"), Path.of("/jdk"), "cp", Optional.empty());
    private static final List<Impl> IMPLS = List.of(
            new Impl(CniBench.SHIM, Path.of("a"), "weft-bridge", "weft-host-local", "b0", "10.0.0.0/16", "eth0", Map.of()),
            new Impl("weft-jvm", Path.of("b"), "weft-bridge", "weft-host-local", "b1", "10.1.0.0/16", "eth1", Map.of()),
            new Impl(Report.REFERENCE, Path.of("c"), "bridge", "host-local", "b2", "10.2.0.0/16", "eth2", Map.of()));

    private static Latencies of(double... v) {
        Latencies s = new Latencies();
        for (double x : v) {
            s.add(x);
        }
        return s;
    }

    private static ObjectNode report(double shimAdd) {
        Map<String, Latencies> add = new LinkedHashMap<>(Map.of(CniBench.SHIM, of(shimAdd, shimAdd, 50),
                "weft-jvm", of(300, 310, 320), Report.REFERENCE, of(20, 20, 30)));
        Map<String, Latencies> del = Map.of(CniBench.SHIM, of(5, 5, 5), "weft-jvm", of(300), Report.REFERENCE, of(20));
        Map<String, Double> burst = Map.of(CniBench.SHIM, 1.0, "weft-jvm", 40.0, Report.REFERENCE, 2.5);
        Map<String, Double> rss = Map.of(CniBench.SHIM, 0.5, "weft-jvm", 60.0, Report.REFERENCE, 5.0);
        return Report.json(IMPLS, add, del, burst, Map.of("weft-jvm", 3), rss, 150, of(40, 35, 60), SETTINGS);
    }

    @Test
    void ratiosAreToTheReferenceAndTheGoalNeedsAllThree() {
        ObjectNode met = report(9);
        assertThat(met.get("ratios_to_reference").get(CniBench.SHIM).get("add_p50").asDouble()).isEqualTo(0.45);
        assertThat(met.get("ratios_to_reference").get(CniBench.SHIM).get("del_p50").asDouble()).isEqualTo(0.25);
        assertThat(met.get("ratios_to_reference").get(CniBench.SHIM).get("burst100").asDouble()).isEqualTo(0.4);
        assertThat(met.get("goal").get("met").asBoolean()).isTrue();
        assertThat(report(11).get("goal").get("met").asBoolean()).isFalse(); // ADD 0.55x
    }

    @Test
    void theAgentsColdStartAndFailuresAreReportedNotHidden() {
        ObjectNode r = report(9);
        assertThat(r.get("agent_warmup").asInt()).isEqualTo(7);
        assertThat(r.get("implementations").get(CniBench.SHIM).get("agent_cold_add_ms").asDouble()).isEqualTo(40.0);
        assertThat(r.get("implementations").get("weft-jvm").get("burst100_failed").asInt()).isEqualTo(3);
        String table = Report.table(r);
        assertThat(table).contains("3 ADDs of the burst failed").contains("before 7 warm-up").contains("40.0 ms")
                .contains("): MET");
    }
}
