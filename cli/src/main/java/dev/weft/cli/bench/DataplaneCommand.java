package dev.weft.cli.bench;

import dev.weft.bench.dataplane.BenchResult;
import dev.weft.bench.dataplane.DataplaneBench;
import dev.weft.bench.dataplane.MarkdownReport;
import dev.weft.bench.dataplane.Mode;
import dev.weft.bench.dataplane.NsExec;
import dev.weft.lab.LabEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code weft bench-dataplane}: pod-to-pod throughput and latency per data path, against the underlay (root). */
@Command(name = "dataplane", mixinStandardHelpOptions = true,
        description = {"Pod-to-pod TCP/UDP throughput and latency per data path, as ratios to the underlay.",
                "Data paths: underlay, bridge-same-node, host-gw, vxlan, macvlan, udp-simple, udp-batched, udp-offload, on lab",
                "clusters, repeated and interleaved (draft-ietf-bmwg-containerized-infra); bgp (pod to pod across an FRR",
                "router) against underlay-routed (node to node across it). Writes dataplane.json, .md and two PNG charts."})
public final class DataplaneCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measurement (default: 5).")
    int seconds;
    @Option(names = "--repeats", defaultValue = "3", description = "Repeats of every mode (default: 3).")
    int repeats;
    @Option(names = "--out", defaultValue = "build/bench", description = "Output directory (default: build/bench).")
    Path out;
    @Option(names = "--modes", defaultValue = "all",
            description = "Comma-separated modes, or all (default); the underlay is always measured.")
    String modes;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        DataplaneBench.Options o = new DataplaneBench.Options(seconds, repeats, out, Mode.parseList(modes));
        BenchResult r = new DataplaneBench(NsExec.system(), LabEnv.current(), System.err).run(o);
        System.out.print(MarkdownReport.render(r));
        System.err.println("bench: wrote " + out.resolve("dataplane.json") + ", dataplane.md and two PNG charts");
        return 0;
    }
}
