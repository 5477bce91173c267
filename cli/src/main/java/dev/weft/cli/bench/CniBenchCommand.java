package dev.weft.cli.bench;

import dev.weft.bench.cni.CniBench;
import dev.weft.bench.cri.CriBench;
import dev.weft.lab.LabEnv;
import dev.weft.bench.cni.Report;
import dev.weft.node.install.Installer;
import dev.weft.cni.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code weft bench cni}. */
@Command(name = "cni", mixinStandardHelpOptions = true,
        description = {"Pod setup latency of weft's fast path and JVM path beside the reference plugins.",
                "The fast path is the shim forwarding to the agent; the reference is bridge + host-local;",
                "calls are interleaved; then a bridge + portmap + bandwidth + tuning chain of weft's plugins",
                "(fast path) beside the same chain of reference plugins, at the largest pod count; then sandboxes",
                "through containerd's CRI on weft's conflist beside the reference, under one containerd config.",
                "Writes build/bench/cni.json (root; throwaway namespaces)."})
public final class CniBenchCommand implements Callable<Integer> {
    @Option(names = "--pods", defaultValue = "10,110,250", split = ",",
            description = "Pod counts, one run each: that many pods attached one by one, then a burst of as many"
                    + " concurrent ADDs (default ${DEFAULT-VALUE}; 110 is Kubernetes' default max pods per node).")
    List<Integer> pods;
    @Option(names = "--jvm-burst-max", defaultValue = "100",
            description = "Cap on the JVM path's burst (one JVM per call; default ${DEFAULT-VALUE}).")
    int jvmBurstMax;
    @Option(names = "--spawn", defaultValue = "posix",
            description = "How plugins are started: posix (posix_spawn, as a Go runtime does) or jvm (ProcessBuilder).")
    String spawn;
    @Option(names = "--agent-warmup", defaultValue = "200",
            description = "ADD/DEL pairs through the shim before measuring, so the agent's JIT has compiled its code"
                    + " (default ${DEFAULT-VALUE}); its first ADDs are reported apart.")
    int agentWarmup;
    @Option(names = "--breakdown", description = "Only time the steps of a warm in-agent ADD (weft-bridge + weft-host-local"
            + " wired as the agent wires them, in this JVM) and print them.")
    boolean breakdown;
    @Option(names = "--breakdown-held", defaultValue = "110", description = "Addresses held in host-local's directory"
            + " during the breakdown, as on a node with that many pods (default: ${DEFAULT-VALUE}).")
    int breakdownHeld;
    @Option(names = "--breakdown-adds", defaultValue = "300", description = "Timed ADD+DEL pairs per variant in the"
            + " breakdown (after 3x --agent-warmup untimed ones; default: ${DEFAULT-VALUE}).")
    int breakdownAdds;
    @Option(names = "--breakdown-against", paramLabel = "NAME=LIBDIR", description = "Also time another build's ADD"
            + " in the breakdown, interleaved ADD by ADD in this JVM: NAME labels it, LIBDIR is that build's build/lib"
            + " (e.g. main=/work/main/build/lib). Repeatable.")
    List<String> breakdownAgainst = new java.util.ArrayList<>();
    @Option(names = "--cluster-ipam", defaultValue = "true", fallbackValue = "true", negatable = true,
            description = "Also measure weft-ipam on etcd (/usr/bin/etcd, started in the bench's namespace) through the"
                    + " fast path, beside host-local (--no-cluster-ipam: do not).")
    boolean clusterIpam;
    @Option(names = "--out", defaultValue = "build/bench/cni.json")
    Path out;
    @Option(names = "--shim", description = "The exec shim (default: -Dweft.shim, as ./weft sets it).")
    Path shim;
    @Option(names = "--ipam", defaultValue = "host-local",
            description = "host-local, or dhcp: weft-dhcp beside the reference dhcp plugin and its daemon, on one dnsmasq"
                    + " (host-local, and weft-ipam unless --no-cluster-ipam, measured beside them).")
    String ipam;
    @Option(names = "--cri-pods", defaultValue = "10",
            description = "Sandboxes per side for the line \"through containerd CRI\": weft's conflist beside the reference"
                    + " bridge + host-local under the same containerd, on a one-node lab (default ${DEFAULT-VALUE}; 0: skip).")
    int criPods;
    @Option(names = "--lib-dir", description = "weft's jars, for the AOT cache (default: beside this command's jar).")
    Path libDir;
    @Option(names = "--agent-jvm", description = "The agent's JVM flags, space-separated (default: the agent's own,"
            + " AgentJvm.FLAGS, with the agents' AOT cache, AgentAot).")
    String agentJvm;
    @Option(names = "--agent-jvm-before", description = "Also serve a second agent on these JVM flags, as the row"
            + " weft-shim-before, interleaved with the others: the two footprints and in-agent ADDs side by side;"
            + " with --class-path=DIR/* among them, another build's agent (DIR: its build/lib).")
    String agentJvmBefore;

    private static List<String> flags(String text) {
        List<String> f = List.of(text.strip().split("\\s+"));
        if (f.isEmpty() || f.stream().anyMatch(x -> !x.startsWith("-"))) {
            throw new IllegalArgumentException("JVM flags must each start with '-': \"" + text + "\"");
        }
        return f;
    }

    @Override
    public Integer call() throws Exception {
        if (breakdown) {
            var json = dev.weft.bench.cni.Breakdown.run(agentWarmup * 3, breakdownAdds, breakdownHeld,
                    breakdownAgainst.stream().map(dev.weft.bench.cni.Breakdown.Build::parse).toList(), System.err);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out.resolveSibling("cni-breakdown.json"), Json.pretty(json) + "\n");
            return 0;
        }
        Path shimPath = shim != null ? shim : Path.of(System.getProperty("weft.shim", "build/native/weft-shim"));
        if (!Files.isExecutable(shimPath)) {
            throw new IllegalArgumentException("--shim " + shimPath + " is not an executable (build it with ./weft build)");
        }
        Path lib = libDir != null ? libDir : Path.of(CniBenchCommand.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).getParent();
        Path aot = lib.resolve(Installer.AOT_CACHE);
        var settings = new CniBench.Settings(pods, agentWarmup, jvmBurstMax, out, shimPath,
                Path.of(System.getProperty("java.home")), lib.toAbsolutePath() + "/*",
                Files.isRegularFile(aot) ? Optional.of(aot) : Optional.empty(), spawn, clusterIpam, ipam,
                agentJvm == null ? agentFlags(lib) : flags(agentJvm),
                agentJvmBefore == null ? List.of() : flags(agentJvmBefore));
        if (settings.clusterIpam() && !Files.isExecutable(Path.of("/usr/bin/etcd"))) {
            throw new IllegalArgumentException("--cluster-ipam needs etcd at /usr/bin/etcd (apt-get install etcd-server),"
                    + " or pass --no-cluster-ipam");
        }
        var bench = new CniBench(settings, System.err);
        // Ctrl-C or SIGTERM runs shutdown hooks, not run()'s finally: without this the run's
        // namespaces, its agents and etcd outlived it
        Thread abandon = new Thread(bench::abandon, "weft-bench-abandon");
        Runtime.getRuntime().addShutdownHook(abandon);
        tools.jackson.databind.node.ObjectNode json;
        try {
            json = bench.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(abandon);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it cleans up
            }
        }
        if (criPods > 0 && ipam.equals("host-local")) {
            json.set("cri", CriBench.run(LabEnv.current(), Files.createTempDirectory("weft-bench-cri"), criPods, System.err));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.pretty(json) + "\n");
        System.out.print(Report.table(json));
        if (json.get("cri") instanceof tools.jackson.databind.node.ObjectNode cri) {
            System.out.print(CriBench.table(cri));
        }
        System.out.println("written to " + out);
        return 0;
    }

    /** The agent's own flags and its AOT cache as a node's agent has it: trained by this run's agent, or used. */
    private static List<String> agentFlags(Path lib) {
        List<String> aot = dev.weft.node.install.AgentAot.flags(lib.toAbsolutePath() + "/*");
        aot.forEach(f -> System.err.println("agent AOT cache: " + (f.startsWith("-XX:AOTCacheOutput=")
                ? "none yet; this run's agent trains it (" + f + "), later runs use it" : f)));
        List<String> all = new java.util.ArrayList<>(dev.weft.node.install.AgentJvm.FLAGS);
        all.addAll(aot);
        return List.copyOf(all);
    }
}
