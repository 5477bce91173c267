package dev.weft.bench.convergence;

import dev.weft.lab.Lab;
import dev.weft.lab.LabEnv;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabPods;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.node.AgentStatus;
import dev.weft.cni.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Convergence: a lab of N-1 nodes with one pod each is running; node N joins. Timed from the
 * moment its agent is started:
 * <ul>
 *   <li>{@code lease_s}: the node holds a subnet ({@code subnet.env} written);</li>
 *   <li>{@code routes_s}: every agent reports every peer connected (the new one included);</li>
 *   <li>{@code pod_ready_s}: a pod on the new node is attached (the JVM CNI path; kubelet would
 *       start it once the node is ready);</li>
 *   <li>{@code all_pairs_s}: TCP works both ways between the new pod and every other pod; the
 *       full matrix is then checked once, untimed.</li>
 * </ul>
 * Backends: {@code vxlan}, {@code host-gw}, {@code bgp} (the node-to-node mesh) and {@code bgp-rr}
 * (bgp with n1 and n2 as route reflectors, the joining node their client), all on one L2 segment.
 * The agent's start includes its JVM's; {@code routes_from_lease_s} and {@code all_pairs_from_lease_s}
 * count from the lease instead (the node exists in the cluster), and with bgp {@code bird_s} is when
 * the new node's BIRD wrote its pid file. Every node's {@code agent.log} and BIRD log are kept under
 * {@code convergence-logs/LAB/} beside the JSON, for the breakdown of a join.
 */
public final class ConvergenceBench {
    private static final Duration POLL = Duration.ofMillis(20);

    private final LabEnv env;
    private final PrintStream out;

    public ConvergenceBench(LabEnv env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public record Run(int nodes, String backend, double leaseS, double routesS, double podReadyS, double allPairsS,
                      boolean fullMatrix, double birdS) {
        /** Seconds from the lease (the node exists in the cluster) to every agent's routes. */
        public double routesFromLeaseS() {
            return routesS - leaseS;
        }

        /** Seconds from the lease to every pair reachable. */
        public double allPairsFromLeaseS() {
            return allPairsS - leaseS;
        }
    }

    public List<Run> run(List<Integer> sizes, List<String> backends, Path json) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int n : sizes) {
            for (String backend : backends) {
                runs.add(once(n, backend, json.toAbsolutePath().getParent().resolve("convergence-logs")));
                Run r = runs.getLast();
                out.printf("%-8s %5d nodes: lease %.2f s, bird %.2f s, routes %.2f s (lease + %.2f), pod %.2f s, "
                                + "all pairs %.2f s (lease + %.2f), matrix %s, load %s%n", backend, n, r.leaseS(), r.birdS(),
                        r.routesS(), r.routesFromLeaseS(), r.podReadyS(), r.allPairsS(), r.allPairsFromLeaseS(),
                        r.fullMatrix() ? "all reachable" : "FAILURES", load());
            }
        }
        write(runs, json);
        return runs;
    }

    /** {@code bgp-rr}: the bgp backend with this many route reflectors. */
    static final int REFLECTORS = 2;

    /** The lab backend of a benchmark backend name ({@code bgp-rr} is bgp). */
    static String labBackend(String backend) {
        return backend.equals("bgp-rr") ? "bgp" : backend;
    }

    /** The load average now (1, 5, 15 minutes), for the record: the machine may be shared. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private Run once(int n, String backend, Path logs) throws Exception {
        boolean rr = backend.equals("bgp-rr");
        if (rr && n - 1 < REFLECTORS) {
            throw new IllegalArgumentException("bgp-rr needs at least " + (REFLECTORS + 1) + " nodes, not " + n);
        }
        LabLayout layout = LabLayout.of("conv" + n + backend.charAt(0) + (rr ? "r" : ""));
        Lab.down(layout, out);
        Lab lab = new Lab(layout, env, out).withRouteReflectors(rr ? REFLECTORS : 0);
        try {
            lab.up(n - 1, labBackend(backend), Topology.L2, false, Duration.ofMinutes(10));
            LabPods pods = new LabPods(layout);
            for (LabState.Node node : LabState.require(layout).nodes()) {
                pods.add(node.name(), node.name() + "-p1", Map.of());
            }
            try (Reachability.Session probes = new Reachability.Session(7777)) {
                LabState.require(layout).pods().forEach(probes::listen);
                long t0 = System.nanoTime();
                String joined = lab.joinNode();
                Path env = layout.nodeDir(joined).resolve("subnet.env");
                Path birdPid = layout.nodeDir(joined).resolve("bird/bird.pid");
                var bird = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        await(() -> Files.exists(birdPid), Duration.ofMinutes(2));
                        return seconds(t0);
                    } catch (Exception e) {
                        return Double.NaN; // not bgp, or BIRD never started
                    }
                });
                await(() -> Files.exists(env), Duration.ofMinutes(2));
                double lease = seconds(t0);
                var podAdd = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    LabState.Pod p = pods.add(joined, joined + "-p1", Map.of());
                    return Map.entry(p, seconds(t0));
                });
                await(() -> allConnected(layout, n), Duration.ofMinutes(5));
                double routes = seconds(t0);
                LabState.Pod pod = podAdd.get().getKey();
                double podReady = podAdd.get().getValue();
                probes.listen(pod);
                List<LabState.Pod> others = LabState.require(layout).pods().stream().filter(p -> !p.equals(pod)).toList();
                await(() -> others.stream().allMatch(o -> probes.tcp(pod, o, POLL.multipliedBy(10))
                        && probes.tcp(o, pod, POLL.multipliedBy(10))), Duration.ofMinutes(5));
                double all = seconds(t0);
                boolean full = probes.matrix(LabState.require(layout).pods(), Duration.ofSeconds(2)).allReachable();
                double birdS = labBackend(backend).equals("bgp") ? bird.get(1, java.util.concurrent.TimeUnit.SECONDS) : Double.NaN;
                return new Run(n, backend, lease, routes, podReady, all, full, birdS);
            }
        } finally {
            keepLogs(layout, logs.resolve(layout.name()));
            Lab.down(layout, out);
        }
    }

    /** Copies every node's agent and BIRD logs to {@code to}, for the breakdown of the join; best effort. */
    private void keepLogs(LabLayout layout, Path to) {
        try {
            for (LabState.Node node : LabState.require(layout).nodes()) {
                Path from = layout.nodeDir(node.name());
                Path dir = Files.createDirectories(to.resolve(node.name()));
                for (String f : List.of("agent.log", "bird/bird.log", "bird/bird.conf")) {
                    if (Files.exists(from.resolve(f))) {
                        Files.copy(from.resolve(f), dir.resolve(f.replace('/', '-')),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (Exception e) {
            out.println("could not keep the logs of " + layout.name() + ": " + e.getMessage());
        }
    }

    private static boolean allConnected(LabLayout layout, int n) {
        for (LabState.Node node : LabState.require(layout).nodes()) {
            Path f = layout.nodeDir(node.name()).resolve("status.json");
            if (!Files.exists(f) || AgentStatus.read(f).peers().size() != n - 1) {
                return false;
            }
        }
        return true;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("did not converge within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void write(List<Run> runs, Path json) throws Exception {
        ObjectNode root = Json.object();
        root.put("benchmark", "convergence: node join -> every pod pair reachable");
        root.put("machine", dev.weft.bench.report.Machine.current().describe());
        root.put("load_average_at_end", load());
        ArrayNode a = root.putArray("runs");
        for (Run r : runs) {
            ObjectNode o = a.addObject();
            o.put("nodes", r.nodes()).put("backend", r.backend()).put("lease_s", r.leaseS())
                    .put("routes_s", r.routesS()).put("pod_ready_s", r.podReadyS()).put("all_pairs_s", r.allPairsS())
                    .put("full_matrix_reachable", r.fullMatrix()).put("routes_from_lease_s", r.routesFromLeaseS())
                    .put("all_pairs_from_lease_s", r.allPairsFromLeaseS());
            if (!Double.isNaN(r.birdS())) {
                o.put("bird_s", r.birdS());
            }
        }
        Files.createDirectories(json.getParent());
        Files.writeString(json, Json.pretty(root) + "\n");
    }
}
