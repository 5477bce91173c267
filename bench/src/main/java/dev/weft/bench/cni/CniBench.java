package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.node.install.AgentJvm;
import dev.weft.node.install.Installer;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code weft bench cni}: pod setup through weft's fast path (exec shim → agent), weft's JVM path
 * and the reference Go {@code bridge} + {@code host-local}, side by side and interleaved (every pod
 * is added by all three, in an order that rotates), on throwaway namespaces, at several pod counts
 * in one run. Plugins are spawned as a container runtime spawns them ({@link Spawner#POSIX}), and
 * the cost of spawning a no-op program is reported beside every figure. Then a whole chain
 * (bridge, portmap, bandwidth, tuning) of weft's plugins through the fast path beside the same
 * chain of reference plugins ({@link ChainBench}), at the largest pod count. With {@code --ipam dhcp}
 * the IPAM is DHCP against one dnsmasq: weft-dhcp beside the reference {@code dhcp} and its daemon,
 * host-local beside them ({@link DhcpBench}). See docs/BENCHMARKS.md.
 */
public final class CniBench {
    private static final String REFERENCE = "/usr/lib/cni";

    public static final String SHIM = "weft-shim";
    public static final String JVM = "weft-jvm";
    /** The fast path to a second agent on other JVM flags (--agent-jvm-before). */
    public static final String SHIM_BEFORE = "weft-shim-before";
    /** The fast path with weft-ipam on etcd instead of host-local. */
    public static final String CLUSTER_IPAM = "weft-ipam";
    /** Its container IDs' prefix: the agent's log tells its ADDs from host-local's by it. */
    static final String CLUSTER_IPAM_CID = "ci-";

    /**
     * How to run: {@code podCounts} pods attached at once per run (10, 110 — Kubernetes' default
     * max pods per node — and 250 by default); the burst of each run is as many concurrent ADDs,
     * except the JVM path's, capped at {@code jvmBurstMax} (a JVM per call on 2 CPUs). {@code ipam}:
     * host-local (the default comparison) or dhcp ({@link DhcpBench}).
     */
    public record Settings(List<Integer> podCounts, int agentWarmup, int jvmBurstMax, Path out, Path shim, Path javaHome,
                           String classpath, Optional<Path> aot, String spawn, boolean clusterIpam, String ipam,
                           List<String> agentJvm, List<String> agentJvmBefore) {
        /** The agent on its default flags ({@link AgentJvm#FLAGS}), alone. */
        public Settings(List<Integer> podCounts, int agentWarmup, int jvmBurstMax, Path out, Path shim, Path javaHome,
                        String classpath, Optional<Path> aot, String spawn, boolean clusterIpam, String ipam) {
            this(podCounts, agentWarmup, jvmBurstMax, out, shim, javaHome, classpath, aot, spawn, clusterIpam, ipam,
                    AgentJvm.FLAGS, List.of());
        }

        /**
         * {@code agentJvm}: the agent's JVM flags; {@code agentJvmBefore}, when not empty, a second agent on
         * these flags served beside it as the row {@link #SHIM_BEFORE} (their footprints side by side).
         */
        public Settings {
            agentJvm = List.copyOf(agentJvm);
            agentJvmBefore = List.copyOf(agentJvmBefore);
            podCounts = List.copyOf(podCounts);
            if (podCounts.isEmpty() || podCounts.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("--pods must be one or more positive counts, not " + podCounts);
            }
            Spawner.parse(spawn);
            if (!"host-local".equals(ipam) && !"dhcp".equals(ipam)) {
                throw new IllegalArgumentException("--ipam must be host-local or dhcp, not \"" + ipam + "\"");
            }
        }

        /** Host-local's comparison, with or without weft-ipam on etcd beside it. */
        public Settings(List<Integer> podCounts, int agentWarmup, int jvmBurstMax, Path out, Path shim, Path javaHome,
                        String classpath, Optional<Path> aot, String spawn, boolean clusterIpam) {
            this(podCounts, agentWarmup, jvmBurstMax, out, shim, javaHome, classpath, aot, spawn, clusterIpam, "host-local");
        }

        /** {@code ipam} host-local or dhcp, without weft-ipam. */
        public Settings(List<Integer> podCounts, int agentWarmup, int jvmBurstMax, Path out, Path shim, Path javaHome,
                        String classpath, Optional<Path> aot, String spawn, String ipam) {
            this(podCounts, agentWarmup, jvmBurstMax, out, shim, javaHome, classpath, aot, spawn, false, ipam);
        }

        public Settings(List<Integer> podCounts, int agentWarmup, int jvmBurstMax, Path out, Path shim, Path javaHome,
                        String classpath, Optional<Path> aot, String spawn) {
            this(podCounts, agentWarmup, jvmBurstMax, out, shim, javaHome, classpath, aot, spawn, false, "host-local");
        }

        boolean dhcp() {
            return ipam.equals("dhcp");
        }
    }

    /** One pod count's figures. */
    record Run(int pods, Map<String, Latencies> add, Map<String, Latencies> del, Map<String, Double> burst,
               Map<String, Integer> burstSize, Map<String, Integer> burstFailures, Latencies agentAdd,
               Latencies agentAddClusterIpam) {
        Run(int pods, Map<String, Latencies> add, Map<String, Latencies> del, Map<String, Double> burst,
            Map<String, Integer> burstSize, Map<String, Integer> burstFailures, Latencies agentAdd) {
            this(pods, add, del, burst, burstSize, burstFailures, agentAdd, new Latencies());
        }
    }

    private final Settings s;
    private final Spawner spawner;
    private final PrintStream log;
    private final String id = Long.toString(System.nanoTime() % 46656, 36);
    private final Path dir;

    public CniBench(Settings settings, PrintStream log) throws IOException {
        this.s = settings;
        this.spawner = Spawner.parse(settings.spawn());
        this.log = log;
        this.dir = Files.createTempDirectory("weft-bench-cni");
    }

    /** Every namespace of this run is named with this prefix (removed when {@link #run} returns). */
    public String namespacePrefix() {
        return "wcb" + id + "-";
    }

    /**
     * Removes what {@link #run} would have, for a run cut short by a signal (a shutdown hook runs
     * this while {@code run} may still be going): see {@link RunLeftovers}.
     */
    public void abandon() {
        RunLeftovers.remove(namespacePrefix(), dir);
    }

    /** This run's directory (sockets, logs, the DHCP servers' files; removed when {@link #run} returns). */
    public Path workDir() {
        return dir;
    }

    public ObjectNode run() throws Exception {
        String hostName = "wcb" + id + "-host";
        List<String> pods = new ArrayList<>();
        AgentProcess agent = null;
        AgentProcess before = null;
        BenchEtcd etcd = null;
        DhcpBench dhcp = null;
        try (NetNs host = NetNs.create(hostName); Netlink nl = Netlink.open(host)) {
            nl.links().setUp(nl.links().require("lo").index());
            Path sock = dir.resolve("cni.sock");
            if (s.clusterIpam()) {
                log.println("etcd for weft-ipam: " + BenchEtcd.url() + ", data under " + dir);
                etcd = BenchEtcd.start(s, host, hostName, dir);
            }
            dhcp = s.dhcp() ? DhcpBench.start(hostName, dir) : null;
            // with DHCP, the served agent holds weft-dhcp's leases, as a node agent does
            agent = AgentProcess.start(s, s.agentJvm(), hostName, sock, dir.resolve("agent.log"),
                    s.dhcp() ? DhcpBench.serveArgs(dir) : List.of());
            Path sockBefore = dir.resolve("cni-before.sock");
            List<Footprint.Agent> watched = new ArrayList<>(List.of(new Footprint.Agent(SHIM, s.agentJvm(), agent)));
            if (!s.agentJvmBefore().isEmpty() && !s.dhcp()) {
                before = AgentProcess.start(s, s.agentJvmBefore(), hostName, sockBefore, dir.resolve("agent-before.log"),
                        List.of());
                watched.add(new Footprint.Agent(SHIM_BEFORE, s.agentJvmBefore(), before));
            }
            Footprint footprint = new Footprint(watched);
            Thread.sleep(2000); // started: let the JVMs settle before "idle"
            footprint.sample("idle", log);
            List<Impl> impls = impls(sock, before == null ? null : sockBefore);
            int most = s.podCounts().stream().mapToInt(Integer::intValue).max().orElseThrow();
            // at least 5: the warm-up and the memory measurement use 5 pods whatever --pods says
            for (int i = 0; i < Math.max(5, most); i++) {
                String name = "wcb" + id + "-p" + i;
                NetNs.create(name).close();
                pods.add(name);
            }
            Spawns spawns = spawns(host, impls.getFirst());
            Latencies agentCold = warmUp(host, impls, pods);
            footprint.sample("after_warmup", log);
            List<Run> runs = new ArrayList<>();
            for (int n : s.podCounts()) {
                runs.add(measure(host, impls, pods, n, agent));
                footprint.inAgentAdd(n, "n" + n + "-pod");
                footprint.sample("after_" + n + "_pods", log);
            }
            footprint.nativeMemory(s.javaHome(), log);
            Map<String, Double> rss = new LinkedHashMap<>();
            for (Impl im : impls) {
                rss.put(im.name(), peakRssMb(host, im, pods));
            }
            ChainBench.Figures chains = ChainBench.run(host, chains(impls, sock), pods, most, dir, log);
            ObjectNode json = Report.json(impls, runs, spawns, rss, agent.peakRssMb(), agentCold, s);
            Report.addChains(json, chains);
            footprint.addTo(json);
            return json;
        } finally {
            if (agent != null) {
                agent.close();
            }
            if (before != null) {
                before.close();
            }
            if (etcd != null) {
                etcd.close();
            }
            if (dhcp != null) {
                dhcp.close();
            }
            pods.forEach(NetNs::delete);
            NetNs.delete(hostName);
            dev.weft.io.FileTrees.delete(dir);
        }
    }

    /** The runtime's own cost: a no-op program, and a VERSION call through the shim (its socket round trip). */
    record Spawns(Latencies noop, Latencies shimVersion) {
    }

    private Spawns spawns(NetNs host, Impl shim) {
        Latencies noop = new Latencies();
        Latencies version = new Latencies();
        Map<String, String> env = new LinkedHashMap<>(shim.env());
        env.put("CNI_COMMAND", "VERSION");
        for (int i = 0; i < 200; i++) {
            noop.add(PluginCall.bare(spawner, host, List.of("/bin/true"), Map.of(), ""));
            version.add(PluginCall.bare(spawner, host, List.of(shim.plugin().toString()), env, "{\"cniVersion\":\"1.0.0\"}"));
        }
        return new Spawns(noop, version);
    }

    /** 5 ADD/DELs per implementation, then the agent's JIT warm-up; returns the agent's first ADDs. */
    private Latencies warmUp(NetNs host, List<Impl> impls, List<String> pods) {
        log.println("warm-up: 5 ADD/DEL per implementation");
        Latencies agentCold = new Latencies();
        for (int i = 0; i < 5; i++) {
            for (Impl im : impls) {
                double ms = call(host, im, "ADD", "warm" + i, pods.get(i));
                if (im.name().equals(SHIM)) {
                    agentCold.add(ms);
                }
                call(host, im, "DEL", "warm" + i, pods.get(i));
            }
        }
        // The agent is one long-lived JVM: its code is compiled while it serves. A node agent
        // serves pods for days, so the figures are those of a warm one; its first ADDs after a
        // start are reported apart (agent_cold_add_ms).
        List<Impl> shims = impls.stream().filter(im -> im.name().equals(SHIM) || im.name().equals(SHIM_BEFORE)).toList();
        log.println("agent warm-up: " + s.agentWarmup() + " ADD/DEL through the shim");
        for (int i = 0; i < s.agentWarmup(); i++) {
            for (Impl shim : shims) {
                call(host, shim, "ADD", "agentwarm" + i, pods.get(i % pods.size()));
                call(host, shim, "DEL", "agentwarm" + i, pods.get(i % pods.size()));
            }
        }
        return agentCold;
    }

    /** {@code n} pods added one by one (all attached at the end), deleted one by one, then a burst of {@code n}. */
    private Run measure(NetNs host, List<Impl> impls, List<String> pods, int n, AgentProcess agent) throws Exception {
        Map<String, Latencies> add = new LinkedHashMap<>();
        Map<String, Latencies> del = new LinkedHashMap<>();
        impls.forEach(im -> {
            add.put(im.name(), new Latencies());
            del.put(im.name(), new Latencies());
        });
        log.println(n + " pods: ADD one by one, then DEL, interleaved");
        String tag = "n" + n + "-";
        for (String cmd : List.of("ADD", "DEL")) {
            for (int i = 0; i < n; i++) {
                for (Impl im : rotate(impls, i)) {
                    double ms = call(host, im, cmd, tag + "pod" + i, pods.get(i));
                    (cmd.equals("ADD") ? add : del).get(im.name()).add(ms);
                }
            }
        }
        Latencies agentAdd = agent.addTimes(tag + "pod");
        Latencies agentAddClusterIpam = agent.addTimes(CLUSTER_IPAM_CID + tag + "pod");
        Map<String, Double> burst = new LinkedHashMap<>();
        Map<String, Integer> size = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (Impl im : rotate(impls, 1)) {
            int b = im.name().equals(JVM) ? Math.min(n, s.jvmBurstMax()) : n;
            log.println(n + " pods: burst of " + b + " concurrent ADDs, " + im.name());
            size.put(im.name(), b);
            burst.put(im.name(), burstAdd(host, im, pods, b, tag, failures));
        }
        return new Run(n, add, del, burst, size, failures, agentAdd, agentAddClusterIpam);
    }

    /** The rows; {@code sockBefore}, when not null, adds the fast path to the second agent. */
    private List<Impl> impls(Path sock, Path sockBefore) {
        Installer installer = new Installer(s.javaHome());
        Path shimBin = dir.resolve("bin-shim");
        Path jvmBin = dir.resolve("bin-jvm");
        installer.installPlugins(shimBin, s.classpath(), s.aot(), Optional.of(s.shim()));
        installer.installPlugins(jvmBin, s.classpath(), s.aot(), Optional.empty());
        if (s.dhcp()) {
            List<Impl> out = new ArrayList<>(DhcpBench.impls(shimBin, jvmBin, Path.of(REFERENCE), sock, dir));
            if (s.clusterIpam()) { // the third strategy beside host-local and DHCP: the datastore's
                out.add(clusterIpam(shimBin, sock, "eth5"));
            }
            return List.copyOf(out);
        }
        List<Impl> out = new ArrayList<>(List.of(
                new Impl(SHIM, shimBin, "weft-bridge", "weft-host-local", "wbs0", "10.81.0.0/16", "eth0",
                        Map.of("WEFT_CNI_SOCKET", sock.toString())),
                new Impl(JVM, jvmBin, "weft-bridge", "weft-host-local", "wbj0", "10.82.0.0/16", "eth1", Map.of()),
                new Impl(Report.REFERENCE, Path.of(REFERENCE), "bridge", "host-local", "rbr0", "10.83.0.0/16", "eth2", Map.of())));
        if (sockBefore != null) {
            out.add(1, new Impl(SHIM_BEFORE, shimBin, "weft-bridge", "weft-host-local", "wbb0", "10.86.0.0/16", "eth5",
                    Map.of("WEFT_CNI_SOCKET", sockBefore.toString())));
        }
        if (s.clusterIpam()) {
            out.add(clusterIpam(shimBin, sock, "eth3"));
        }
        return List.copyOf(out);
    }

    private static Impl clusterIpam(Path shimBin, Path sock, String ifName) {
        return new Impl(CLUSTER_IPAM, shimBin, "weft-bridge", "weft-ipam", "wbi0", BenchEtcd.POOL_CIDR, ifName,
                Map.of("WEFT_CNI_SOCKET", sock.toString()), Optional.of(BenchEtcd.url()), CLUSTER_IPAM_CID);
    }

    /**
     * The same chain (bridge, portmap, bandwidth, tuning) of weft's plugins through the shim and of
     * the reference plugins, each on its own bridge, subnet, interface and host ports.
     */
    private static List<ChainBench.Chain> chains(List<Impl> impls, Path sock) {
        Path shimBin = impls.stream().filter(im -> im.name().equals(SHIM)).findFirst().orElseThrow().binDir();
        return List.of(
                new ChainBench.Chain(SHIM, shimBin, "weft-", "wcs0", "10.87.0.0/16", "eth3", 20000,
                        Map.of("WEFT_CNI_SOCKET", sock.toString())),
                new ChainBench.Chain(Report.REFERENCE, Path.of(REFERENCE), "", "rcb0", "10.85.0.0/16", "eth4", 30000, Map.of()));
    }

    private double call(NetNs host, Impl im, String cmd, String cid, String pod) {
        // with DHCP several rows go through the agent: host-local's IDs get "hl-", weft-ipam's "ci-", so its log tells them apart
        String id = im.dhcpSocket() == null && im.clusterStore().isEmpty() && s.dhcp() ? "hl-" + cid : cid;
        return PluginCall.run(spawner, host, im, cmd, id, pod, im.config(dir.resolve("ipam")), List.of()).millis();
    }

    /**
     * Wall time of {@code count} concurrent ADDs (then DELs, untimed). A failed ADD (the JVM path
     * can time out with many JVMs on 2 CPUs) is counted, not fatal: the run reports it.
     */
    private double burstAdd(NetNs host, Impl im, List<String> pods, int count, String tag, Map<String, Integer> failures)
            throws Exception {
        List<Future<Double>> f = new ArrayList<>();
        long t0 = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String pod = pods.get(i);
                String cid = tag + "burst" + i;
                f.add(pool.submit(() -> call(host, im, "ADD", cid, pod)));
            }
            int failed = 0;
            for (Future<Double> x : f) {
                try {
                    x.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    log.println(im.name() + " burst ADD failed: " + e.getCause().getMessage().lines().findFirst().orElse(""));
                }
            }
            failures.put(im.name(), failed);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String pod = pods.get(i);
                String cid = tag + "burst" + i;
                pool.submit(() -> {
                    try {
                        return call(host, im, "DEL", cid, pod);
                    } catch (RuntimeException e) {
                        return -1.0; // a failed ADD leaves nothing for DEL to find; DEL is best effort here
                    }
                });
            }
        }
        return wall;
    }

    /** The largest max-RSS GNU time reports for 5 ADD+DEL pairs (the plugin's process tree). */
    private double peakRssMb(NetNs host, Impl im, List<String> pods) {
        double max = 0;
        for (int i = 0; i < 5; i++) {
            for (String cmd : List.of("ADD", "DEL")) {
                // pods at the end: a burst ADD that timed out may have left an interface at the start
                var o = PluginCall.run(spawner, host, im, cmd, "rss" + i, pods.get(pods.size() - 1 - i),
                        im.config(dir.resolve("ipam")), List.of("/usr/bin/time", "-f", "weft-rss-kb=%M"));
                String line = o.stderr().lines().filter(l -> l.startsWith("weft-rss-kb=")).reduce((a, b) -> b).orElseThrow();
                max = Math.max(max, Long.parseLong(line.substring(12).strip()) / 1024.0);
            }
        }
        return max;
    }

    static <T> List<T> rotate(List<T> l, int by) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(l.get((i + by) % l.size()));
        }
        return out;
    }
}
