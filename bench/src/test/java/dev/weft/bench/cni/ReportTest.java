package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    private static final CniBench.Settings SETTINGS = new CniBench.Settings(List.of(3), 7, 2, Path.of("cni.json"),
            Path.of("shim"), Path.of("/jdk"), "cp", Optional.empty(), "posix");
    private static final List<Impl> IMPLS = List.of(
            new Impl(CniBench.SHIM, Path.of("a"), "weft-bridge", "weft-host-local", "b0", "10.0.0.0/16", "eth0", Map.of()),
            new Impl(CniBench.JVM, Path.of("b"), "weft-bridge", "weft-host-local", "b1", "10.1.0.0/16", "eth1", Map.of()),
            new Impl(Report.REFERENCE, Path.of("c"), "bridge", "host-local", "b2", "10.2.0.0/16", "eth2", Map.of()));

    private static Latencies of(double... v) {
        Latencies s = new Latencies();
        for (double x : v) {
            s.add(x);
        }
        return s;
    }

    private static ObjectNode report(double shimAdd, double agentAdd) {
        Map<String, Latencies> add = new LinkedHashMap<>(Map.of(CniBench.SHIM, of(shimAdd, shimAdd, 50),
                CniBench.JVM, of(300, 310, 320), Report.REFERENCE, of(20, 20, 30)));
        Map<String, Latencies> del = Map.of(CniBench.SHIM, of(5, 5, 5), CniBench.JVM, of(300), Report.REFERENCE, of(20));
        Map<String, Double> burst = Map.of(CniBench.SHIM, 1.2, CniBench.JVM, 40.0, Report.REFERENCE, 3.0);
        Map<String, Integer> size = Map.of(CniBench.SHIM, 3, CniBench.JVM, 2, Report.REFERENCE, 3);
        CniBench.Run run = new CniBench.Run(3, add, del, burst, size, Map.of(CniBench.JVM, 1), of(agentAdd, agentAdd, 9));
        Map<String, Double> rss = Map.of(CniBench.SHIM, 0.5, CniBench.JVM, 60.0, Report.REFERENCE, 5.0);
        return Report.json(IMPLS, List.of(run), new CniBench.Spawns(of(0.8, 0.9, 1.0), of(1.1, 1.2, 1.3)), rss, 150,
                of(40, 35, 60), SETTINGS);
    }

    @Test
    void ratiosAreToTheReferenceAndTheGoalNeedsAllOfThem() {
        ObjectNode met = report(9, 1.5);
        JsonNode shim = met.get("runs").get(0).get("ratios_to_reference").get(CniBench.SHIM);
        assertThat(shim.get("add_p50").asDouble()).isEqualTo(0.45);
        assertThat(shim.get("del_p50").asDouble()).isEqualTo(0.25);
        assertThat(shim.get("burst_per_add").asDouble()).isEqualTo(0.4);
        assertThat(met.get("goal").get("met").asBoolean()).isTrue();
        assertThat(report(11, 1.5).get("goal").get("met").asBoolean()).as("ADD 0.55x").isFalse();
        assertThat(report(9, 2.5).get("goal").get("met").asBoolean()).as("in-agent ADD 2.5 ms").isFalse();
    }

    @Test
    void theRuntimesOwnCostIsReportedBesideTheFigures() {
        JsonNode cost = report(9, 1.5).get("runtime_cost");
        assertThat(cost.get("noop_spawn_p50_ms").asDouble()).isEqualTo(0.9);
        assertThat(cost.get("shim_version_p50_ms").asDouble()).isEqualTo(1.2);
        assertThat(cost.get("shim_roundtrip_p50_ms").asDouble()).isEqualTo(0.3);
    }

    @Test
    void theAgentsColdStartCappedBurstsAndFailuresAreReportedNotHidden() {
        ObjectNode r = report(9, 1.5);
        assertThat(r.get("agent_warmup").asInt()).isEqualTo(7);
        assertThat(r.get("agent").get("cold_add_ms").asDouble()).isEqualTo(40.0);
        JsonNode jvm = r.get("runs").get(0).get("implementations").get(CniBench.JVM);
        assertThat(jvm.get("burst_failed").asInt()).isEqualTo(1);
        assertThat(jvm.get("burst_size").asInt()).isEqualTo(2);
        assertThat(jvm.get("burst_per_add_ms").asDouble()).isEqualTo(20000.0);
        String table = Report.table(r);
        assertThat(table).contains("1 ADDs of the burst failed").contains("before 7 warm-up").contains("40.00 ms")
                .contains("in-agent ADD: p50 1.50 ms").contains("socket round trip 0.30 ms").contains("): MET");
    }
}
