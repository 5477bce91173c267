package dev.weft.bench.cri;

import dev.weft.bench.report.Latencies;
import dev.weft.cni.json.Json;
import dev.weft.lab.Lab;
import dev.weft.lab.LabEnv;
import dev.weft.lab.LabLayout;
import dev.weft.lab.Topology;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weft bench cni}'s line "through containerd CRI": pod setup as the kubelet sees it.
 * A one-node lab (host-gw) runs weft's agent; in the node's namespace two containerd instances
 * with the same config and one CNI bin dir run sandboxes, one on the {@code weft} conflist the
 * agent serves (the exec shim forwarding to the agent), one on the reference bridge + host-local;
 * RunPodSandbox is timed until it returns (containerd returns once the sandbox's network is set
 * up), the two taking turns pod by pod ({@link CriPodSetup}). Everything — sandboxes, containerd,
 * the lab — is removed at the end, also on failure.
 */
public final class CriBench {
    static final String WEFT = "weft";
    static final String REFERENCE = "reference";
    private static final String LAB = "benchcri";

    private CriBench() {
    }

    /** Runs {@code pods} sandboxes on each side (after one warm-up each); the figures as JSON. */
    public static ObjectNode run(LabEnv env, Path workDir, int pods, PrintStream log) {
        if (pods < 1) {
            throw new IllegalArgumentException("--cri-pods must be at least 1, not " + pods);
        }
        if (!Files.isExecutable(Path.of("/usr/bin/containerd"))) {
            throw new IllegalArgumentException("the CRI line needs containerd (apt-get install containerd), or pass --cri-pods 0");
        }
        LabLayout layout = LabLayout.of(LAB);
        Lab.down(layout, log);
        List<Containerd> runtimes = new ArrayList<>();
        try {
            Path dir = Files.createDirectories(workDir.toAbsolutePath());
            new Lab(layout, env, log).up(1, "host-gw", Topology.L2, false, Duration.ofMinutes(3));
            Path node = layout.nodeDir("n1");
            String ns = layout.nodeNs("n1");
            Path weftBin = CniBinDir.of(layout.dir().resolve("bin"), dir.resolve("weft/bin"));
            Map<String, Containerd> impls = new LinkedHashMap<>();
            impls.put(WEFT, add(runtimes, new Containerd(dir.resolve("weft/containerd"), ns, weftBin,
                    CriPodSetup.weftConf(node, dir.resolve("weft/net.d")), Map.of("WEFT_CNI_SOCKET",
                            Lab.cniSocket(layout, "n1").toString()))));
            Path refBin = CniBinDir.of(layout.dir().resolve("bin"), dir.resolve("ref/bin"), "bridge", "host-local");
            impls.put(REFERENCE, add(runtimes, new Containerd(dir.resolve("ref/containerd"), ns, refBin,
                    CriPodSetup.referenceConf(dir.resolve("ref/net.d"), "10.99.0.0/24", dir.resolve("ref/ipam")), Map.of())));
            log.println("cri: one warm-up sandbox each, then " + pods + " each, interleaved");
            CriPodSetup.measure(impls, 1);
            Map<String, double[]> ms = CriPodSetup.measure(impls, pods);
            return figures(ms, pods);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally { // containerd's CNI DELs need the lab's agent: end them before the lab
            runtimes.forEach(Containerd::close);
            Lab.down(layout, log);
        }
    }

    private static Containerd add(List<Containerd> all, Containerd c) {
        all.add(c);
        return c;
    }

    static ObjectNode figures(Map<String, double[]> ms, int pods) {
        ObjectNode out = Json.object();
        out.put("text", "RunPodSandbox -> network ready through containerd's CRI, " + pods + " sandboxes each");
        out.put("pods", pods);
        Map<String, Double> p50 = new LinkedHashMap<>();
        ms.forEach((impl, values) -> {
            Latencies l = new Latencies();
            for (double v : values) {
                l.add(v);
            }
            ObjectNode o = out.putObject(impl);
            o.put("p50_ms", round(l.percentile(50)));
            o.put("p90_ms", round(l.percentile(90)));
            o.put("min_ms", round(java.util.Arrays.stream(values).min().orElseThrow()));
            o.put("max_ms", round(java.util.Arrays.stream(values).max().orElseThrow()));
            p50.put(impl, l.percentile(50));
        });
        out.put("ratio_p50", round(p50.get(WEFT) / p50.get(REFERENCE)));
        return out;
    }

    /** The report's lines for {@link #figures}. */
    public static String table(ObjectNode cri) {
        StringBuilder b = new StringBuilder("\n").append(cri.get("text").asString()).append(":\n");
        for (String impl : List.of(WEFT, REFERENCE)) {
            var o = cri.get(impl);
            b.append(String.format("%-10s p50 %8.1f ms  p90 %8.1f ms  min %8.1f ms  max %8.1f ms%n", impl,
                    o.get("p50_ms").asDouble(), o.get("p90_ms").asDouble(), o.get("min_ms").asDouble(), o.get("max_ms").asDouble()));
        }
        b.append(String.format("through containerd CRI: weft / reference p50 %.2fx%n", cri.get("ratio_p50").asDouble()));
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
