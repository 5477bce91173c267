package dev.weft.e2e.lab;

import dev.weft.bench.cri.CniBinDir;
import dev.weft.bench.cri.Containerd;
import dev.weft.bench.cri.CriPodSetup;
import dev.weft.lab.Topology;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pod setup through containerd's CRI on weft (shim → agent) beside the reference bridge +
 * host-local under the same containerd config, on a one-node lab; {@code -Dweft.cri.pods=N}
 * (default 3, enough to prove every sandbox is measured and cleaned up) for a real measurement.
 * Prints the medians and the ratio; asserts no time.
 */
@RequiresRoot
class CriPodSetupRootTest {
    @TempDir
    Path root;

    @Test
    void runPodSandboxMeasuredOnWeftAndOnTheReferencePlugins() throws Exception {
        int pods = Integer.getInteger("weft.cri.pods", 3);
        List<Containerd> runtimes = new ArrayList<>();
        try (TestLab t = new TestLab(root)) {
            try {
                t.up(1, "host-gw", Topology.L2, false);
                Containerd weft = CriLabTest.containerdOn(t, "n1", root);
                runtimes.add(weft);
                Path refDir = root.resolve("cri-ref");
                Path bin = CniBinDir.of(t.layout.dir().resolve("bin"), refDir.resolve("bin"), "bridge", "host-local");
                Containerd ref = new Containerd(refDir.resolve("containerd"), t.nodeNs("n1"), bin,
                        CriPodSetup.referenceConf(refDir.resolve("net.d"), "10.99.0.0/24", refDir.resolve("ipam")), Map.of());
                runtimes.add(ref);
                Map<String, Containerd> impls = new LinkedHashMap<>();
                impls.put("weft", weft);
                impls.put("reference", ref);
                Map<String, double[]> ms = CriPodSetup.measure(impls, pods);
                double w = CriPodSetup.median(ms.get("weft"));
                double r = CriPodSetup.median(ms.get("reference"));
                System.err.printf("CRI RunPodSandbox -> network ready, %d pods each: weft p50 %.1f ms, reference p50 %.1f ms,"
                        + " ratio %.2f%n", pods, w, r, w / r);
                for (double[] v : ms.values()) {
                    assertThat(v).hasSize(pods);
                    assertThat(java.util.Arrays.stream(v).allMatch(x -> x > 0)).as("every sandbox measured").isTrue();
                }
                assertThat(weft.cri().list()).isEmpty();
                assertThat(ref.cri().list()).isEmpty();
                assertThat(Files.list(refDir.resolve("ipam/ref")).map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("10.99."));
            } finally {
                runtimes.forEach(Containerd::close);
            }
        }
    }
}
