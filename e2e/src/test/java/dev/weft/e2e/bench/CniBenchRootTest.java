package dev.weft.e2e.bench;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Jvm;
import dev.weft.bench.cni.CniBench;
import dev.weft.bench.cni.Report;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole pod-setup benchmark, shortened (runs of 3 and 4 pods): every implementation attaches
 * and detaches real pods, the bridge + portmap + bandwidth + tuning chains too (at 4 pods), every
 * figure is measured, and nothing is left behind. No figure is asserted: timing goals belong to the
 * benchmark's own runs.
 */
class CniBenchRootTest {
    private static final Path SHIM = Path.of("../fastpath/target/native/weft-shim").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    @RequiresRoot
    void threeImplementationsMeasuredSideBySideAndCleanedUp() throws Exception {
        assumeTrue(Files.isExecutable(SHIM), "needs the exec shim (built by the fastpath module when gcc exists)");
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs the reference plugins in /usr/lib/cni");
        boolean etcd = Files.isExecutable(Path.of("/usr/bin/etcd"));
        CniBench.Settings settings = new CniBench.Settings(List.of(3, 4), 4, 2, tmp.resolve("cni.json"), SHIM,
                Path.of(System.getProperty("java.home")), Jvm.classpath(), Optional.empty(), "posix", etcd);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CniBench bench = new CniBench(settings, new PrintStream(log, true));
        JsonNode r = bench.run();

        for (String k : List.of("noop_spawn_p50_ms", "noop_spawn_p99_ms", "shim_version_p50_ms", "shim_version_p99_ms")) {
            assertThat(r.get("runtime_cost").get(k).asDouble()).as(k + "\n" + log).isPositive();
        }
        assertThat(r.get("runs")).hasSize(2);
        for (JsonNode run : r.get("runs")) {
            int pods = run.get("pods").asInt();
            List<String> impls = etcd ? List.of(CniBench.SHIM, CniBench.JVM, Report.REFERENCE, CniBench.CLUSTER_IPAM)
                    : List.of(CniBench.SHIM, CniBench.JVM, Report.REFERENCE);
            for (String impl : impls) {
                JsonNode m = run.get("implementations").get(impl);
                assertThat(m.get("samples").asInt()).as(impl).isEqualTo(pods);
                for (String k : List.of("add_p50_ms", "add_p99_ms", "del_p50_ms", "del_p99_ms", "burst_s")) {
                    assertThat(m.get(k).asDouble()).as(impl + " " + k + "\n" + log).isPositive();
                }
                assertThat(m.get("burst_failed").asInt()).as(impl).isZero();
                assertThat(m.get("burst_size").asInt()).as(impl).isEqualTo(impl.equals(CniBench.JVM) ? 2 : pods);
            }
            assertThat(run.get("agent_add_ms").get("samples").asInt()).as("in-agent ADDs read from its log").isEqualTo(pods);
            assertThat(run.get("agent_add_ms").get("p50").asDouble()).isPositive();
            assertThat(run.get("ratios_to_reference").get(CniBench.SHIM).get("add_p50").asDouble()).isPositive();
            if (etcd) {
                assertThat(run.get("cluster_ipam").get("agent_samples").asInt()).as("weft-ipam ADDs in the agent's log")
                        .isEqualTo(pods);
            }
        }
        assertThat(r.get("agent").get("cold_add_ms").asDouble()).isPositive();
        assertThat(r.get("peak_rss_mb").get(Report.REFERENCE).asDouble()).isPositive();
        assertThat(log.toString()).contains("agent warm-up: 4 ADD/DEL through the shim");
        for (String chain : List.of(CniBench.SHIM, Report.REFERENCE)) {
            JsonNode c = r.get("chains").get(chain);
            assertThat(c.get("samples").asInt()).as("chain " + chain + ", at the largest pod count").isEqualTo(4);
            assertThat(c.get("add_p50_ms").asDouble()).as("chain " + chain + "\n" + log).isPositive();
            assertThat(c.get("del_p50_ms").asDouble()).as("chain " + chain).isPositive();
        }
        assertThat(r.get("chains").get("ratios_to_reference").get("add_p50").asDouble()).isPositive();
        System.err.print(Report.table((tools.jackson.databind.node.ObjectNode) r));
        // this run's only: other benches may run on the machine meanwhile
        assertThat(Path.of("/run/netns")).isDirectoryNotContaining(p -> p.getFileName().toString()
                .startsWith(bench.namespacePrefix()));
    }

    /**
     * {@code --ipam dhcp}: weft-dhcp (shim, JVM path) beside the reference dhcp and its daemon on
     * one dnsmasq, with host-local and weft-ipam on etcd beside them (the three IPAM strategies).
     */
    @Test
    @RequiresRoot
    void dhcpBesideTheReferenceDhcpAndItsDaemon() throws Exception {
        assumeTrue(Files.isExecutable(SHIM), "needs the exec shim (built by the fastpath module when gcc exists)");
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/dhcp")), "needs the reference plugins in /usr/lib/cni");
        CniBench.Settings settings = new CniBench.Settings(List.of(2), 2, 1, tmp.resolve("cni.json"), SHIM,
                Path.of(System.getProperty("java.home")), Jvm.classpath(), Optional.empty(), "posix", true, "dhcp");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CniBench bench = new CniBench(settings, new PrintStream(log, true));
        JsonNode r = bench.run();

        assertThat(r.get("ipam").asString()).isEqualTo("dhcp");
        JsonNode run = r.get("runs").get(0);
        for (String impl : List.of(CniBench.SHIM, CniBench.JVM, Report.REFERENCE, "weft-shim-host-local", "reference-host-local",
                CniBench.CLUSTER_IPAM)) {
            JsonNode m = run.get("implementations").get(impl);
            assertThat(m.get("samples").asInt()).as(impl).isEqualTo(2);
            assertThat(m.get("add_p50_ms").asDouble()).as(impl + "\n" + log).isPositive();
            assertThat(m.get("burst_failed").asInt()).as(impl).isZero();
        }
        assertThat(run.get("agent_add_ms").get("samples").asInt()).as("weft-dhcp's in-agent ADDs, not host-local's")
                .isEqualTo(2);
        assertThat(r.get("goal").get("text").asString()).contains("reference dhcp");
        assertThat(run.get("ratios_to_reference").get("weft-shim-host-local").get("add_p50").asDouble()).isPositive();
        assertThat(run.get("ratios_to_reference").has("reference-host-local")).isFalse();
        assertThat(run.get("ratios_to_reference").get(CniBench.CLUSTER_IPAM).get("add_p50").asDouble())
                .as("weft-ipam compared with the reference host-local").isPositive();
        assertThat(Report.table((tools.jackson.databind.node.ObjectNode) r)).contains("weft-shim-host-local");
        // this run's only: other benches may run on the machine meanwhile
        assertThat(Path.of("/run/netns")).isDirectoryNotContaining(p -> p.getFileName().toString()
                .startsWith(bench.namespacePrefix()));
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(bench.workDir().toString()))).as("dnsmasq and the reference daemon ended").isEmpty();
    }
}
