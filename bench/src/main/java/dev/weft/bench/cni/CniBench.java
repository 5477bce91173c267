package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.node.install.Installer;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
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
 * is added by all three, in an order that rotates), on throwaway namespaces. See
 * docs/BENCHMARKS.md for the method.
 */
public final class CniBench {
    private static final String REFERENCE = "/usr/lib/cni";

    public static final String SHIM = "weft-shim";

    /** {@code ipam}: host-local (the default comparison) or dhcp (see {@link DhcpBench}). */
    public record Settings(int pods, int burst, int agentWarmup, Path out, Path shim, Path javaHome, String classpath,
                           Optional<Path> aot, String ipam) {
        public Settings {
            if (!ipam.equals("host-local") && !ipam.equals("dhcp")) {
                throw new IllegalArgumentException("--ipam must be host-local or dhcp, not \"" + ipam + "\"");
            }
        }

        public Settings(int pods, int burst, int agentWarmup, Path out, Path shim, Path javaHome, String classpath,
                        Optional<Path> aot) {
            this(pods, burst, agentWarmup, out, shim, javaHome, classpath, aot, "host-local");
        }

        boolean dhcp() {
            return ipam.equals("dhcp");
        }
    }

    private final Settings s;
    private final PrintStream log;
    private final String id = Long.toString(System.nanoTime() % 46656, 36);
    private final Path dir;

    public CniBench(Settings settings, PrintStream log) throws IOException {
        this.s = settings;
        this.log = log;
        this.dir = Files.createTempDirectory("weft-bench-cni");
    }

    public ObjectNode run() throws Exception {
        String hostName = "wcb" + id + "-host";
        List<String> pods = new ArrayList<>();
        Process agent = null;
        DhcpBench dhcp = null;
        try (NetNs host = NetNs.create(hostName); Netlink nl = Netlink.open(host)) {
            nl.links().setUp(nl.links().require("lo").index());
            Path sock = dir.resolve("cni.sock");
            dhcp = s.dhcp() ? DhcpBench.start(hostName, dir) : null;
            agent = startServer(hostName, sock);
            List<Impl> impls = impls(sock);
            // at least 5: the warm-up and the memory measurement use 5 pods whatever --pods says
            for (int i = 0; i < Math.max(5, Math.max(s.pods(), s.burst())); i++) {
                String name = "wcb" + id + "-p" + i;
                NetNs.create(name).close();
                pods.add(name);
            }
            Map<String, Latencies> add = new LinkedHashMap<>();
            Map<String, Latencies> del = new LinkedHashMap<>();
            impls.forEach(im -> {
                add.put(im.name(), new Latencies());
                del.put(im.name(), new Latencies());
            });
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
            // serves pods for days, so the figures below are those of a warm one; its first ADDs
            // after a start are reported apart (agent_cold_add_ms).
            Impl shim = impls.stream().filter(im -> im.name().equals(SHIM)).findFirst().orElseThrow();
            log.println("agent warm-up: " + s.agentWarmup() + " ADD/DEL through the shim");
            for (int i = 0; i < s.agentWarmup(); i++) {
                call(host, shim, "ADD", "agentwarm" + i, pods.get(i % pods.size()));
                call(host, shim, "DEL", "agentwarm" + i, pods.get(i % pods.size()));
            }
            log.println("ADD and DEL of " + s.pods() + " pods, interleaved");
            for (String cmd : List.of("ADD", "DEL")) {
                for (int i = 0; i < s.pods(); i++) {
                    for (Impl im : rotate(impls, i)) {
                        double ms = call(host, im, cmd, "pod" + i, pods.get(i));
                        (cmd.equals("ADD") ? add : del).get(im.name()).add(ms);
                    }
                }
            }
            Map<String, Double> burst = new LinkedHashMap<>();
            Map<String, Integer> burstFailures = new LinkedHashMap<>();
            for (Impl im : rotate(impls, 1)) {
                log.println("burst: " + s.burst() + " concurrent ADDs, " + im.name());
                burst.put(im.name(), burstAdd(host, im, pods, burstFailures));
            }
            Map<String, Double> rss = new LinkedHashMap<>();
            for (Impl im : impls) {
                rss.put(im.name(), peakRssMb(host, im, pods));
            }
            double agentRss = vmHwmMb(agent.pid());
            return Report.json(impls, add, del, burst, burstFailures, rss, agentRss, agentCold, s);
        } finally {
            if (agent != null) {
                agent.destroy();
                agent.waitFor();
            }
            if (dhcp != null) {
                dhcp.close();
            }
            pods.forEach(NetNs::delete);
            NetNs.delete(hostName);
            dev.weft.io.FileTrees.delete(dir);
        }
    }

    private List<Impl> impls(Path sock) {
        Installer installer = new Installer(s.javaHome());
        Path shimBin = dir.resolve("bin-shim");
        Path jvmBin = dir.resolve("bin-jvm");
        installer.installPlugins(shimBin, s.classpath(), s.aot(), Optional.of(s.shim()));
        installer.installPlugins(jvmBin, s.classpath(), s.aot(), Optional.empty());
        if (s.dhcp()) {
            return DhcpBench.impls(shimBin, jvmBin, Path.of(REFERENCE), sock, dir);
        }
        return List.of(
                new Impl(SHIM, shimBin, "weft-bridge", "weft-host-local", "wbs0", "10.81.0.0/16", "eth0",
                        Map.of("WEFT_CNI_SOCKET", sock.toString())),
                new Impl("weft-jvm", jvmBin, "weft-bridge", "weft-host-local", "wbj0", "10.82.0.0/16", "eth1", Map.of()),
                new Impl("reference", Path.of(REFERENCE), "bridge", "host-local", "rbr0", "10.83.0.0/16", "eth2", Map.of()));
    }

    private Process startServer(String hostNs, Path sock) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(hostNs), "--",
                s.javaHome().resolve("bin/java").toString(), "-XX:+UseSerialGC", "-Xss512k",
                "--enable-native-access=ALL-UNNAMED", "-cp", s.classpath(), "dev.weft.cli.Main", "cni", "serve",
                "--socket", sock.toString()));
        if (s.dhcp()) {
            cmd.addAll(DhcpBench.serveArgs(dir)); // the served agent holds weft-dhcp's leases, as a node agent does
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 300 && !Files.exists(sock); i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("weft cni serve exited: " + Files.readString(dir.resolve("agent.log")));
            }
            Thread.sleep(50);
        }
        return p;
    }

    private double call(NetNs host, Impl im, String cmd, String cid, String pod) {
        return PluginCall.run(host, im, cmd, cid, pod, im.config(dir.resolve("ipam")), List.of()).millis();
    }

    /**
     * Wall time of {@code burst} concurrent ADDs (then DELs, untimed). A failed ADD (the JVM path
     * can time out with 100 JVMs on 2 CPUs) is counted, not fatal: the run reports it.
     */
    private double burstAdd(NetNs host, Impl im, List<String> pods, Map<String, Integer> failures) throws Exception {
        List<Future<Double>> f = new ArrayList<>();
        long t0 = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < s.burst(); i++) {
                String pod = pods.get(i);
                String cid = "burst" + i;
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
            for (int i = 0; i < s.burst(); i++) {
                String pod = pods.get(i);
                String cid = "burst" + i;
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
                var o = PluginCall.run(host, im, cmd, "rss" + i, pods.get(pods.size() - 1 - i), im.config(dir.resolve("ipam")),
                        List.of("/usr/bin/time", "-f", "weft-rss-kb=%M"));
                String line = o.stderr().lines().filter(l -> l.startsWith("weft-rss-kb=")).reduce((a, b) -> b).orElseThrow();
                max = Math.max(max, Long.parseLong(line.substring(12).strip()) / 1024.0);
            }
        }
        return max;
    }

    static double vmHwmMb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    static <T> List<T> rotate(List<T> l, int by) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(l.get((i + by) % l.size()));
        }
        return out;
    }
}
