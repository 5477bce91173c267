package dev.weft.e2e.bench;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Jvm;
import dev.weft.bench.dataplane.BenchResult;
import dev.weft.bench.dataplane.DataplaneBench;
import dev.weft.bench.dataplane.Metric;
import dev.weft.bench.dataplane.Mode;
import dev.weft.bench.dataplane.ModeSummary;
import dev.weft.bench.dataplane.NsExec;
import dev.weft.lab.LabEnv;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole benchmark, shortened: one repeat of 1-second runs on the host-gw lab's underlay and
 * same-node bridge (about 50 s). No figure is asserted, only that every figure was measured.
 * Uses the benchmark's fixed lab name, so it must not run beside a real benchmark.
 */
class DataplaneBenchRootTest {
    @TempDir
    Path out;

    @Test
    @RequiresRoot
    void underlayAndSameNodeBridge_measuredAndReported_labsRemoved() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/iperf3")) && Files.isExecutable(Path.of("/usr/bin/sockperf")),
                "needs iperf3 and sockperf");
        LabEnv env = new LabEnv(Path.of(System.getProperty("java.home")), Jvm.classpath());
        BenchResult r = new DataplaneBench(NsExec.system(), env, System.err)
                .run(new DataplaneBench.Options(1, 1, out, List.of(Mode.UNDERLAY, Mode.BRIDGE_SAME_NODE)));

        assertThat(r.modes()).extracting(ModeSummary::mode).containsExactly(Mode.UNDERLAY, Mode.BRIDGE_SAME_NODE);
        for (ModeSummary m : r.modes()) {
            assertThat(m.mtu()).isEqualTo(1500);
            for (Metric k : Metric.values()) {
                assertThat(m.median(k)).as(m.mode().text() + " " + k).isPositive();
            }
        }
        assertThat(out.resolve("dataplane.json")).exists();
        assertThat(out.resolve("dataplane.md")).exists();
        assertThat(out.resolve("dataplane-throughput.png")).exists();
        assertThat(Path.of("/run/netns")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("wl-dphostgw-"));
    }
}
