package dev.weft.cli.bench;

import dev.weft.cli.lab.LabEnv;
import dev.weft.cli.testing.Netns;
import dev.weft.cli.testing.WeftProcess;
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
    void underlayAndSameNodeBridge_measuredAndReported_labsRemoved() throws Exception {
        assumeTrue(Netns.isRoot(), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/iperf3")) && Files.isExecutable(Path.of("/usr/bin/sockperf")),
                "needs iperf3 and sockperf");
        LabEnv env = new LabEnv(Path.of(System.getProperty("java.home")), WeftProcess.classpath());
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
