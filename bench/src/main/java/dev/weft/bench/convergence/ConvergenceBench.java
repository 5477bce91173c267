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
                      boolean fullMatrix) {
    }

    public List<Run> run(List<Integer> sizes, List<String> backends, Path json) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int n : sizes) {
            for (String backend : backends) {
                runs.add(once(n, backend));
                out.printf("%-8s %5d nodes: lease %.2f s, routes %.2f s, pod %.2f s, all pairs %.2f s, matrix %s%n",
                        backend, n, runs.getLast().leaseS(), runs.getLast().routesS(), runs.getLast().podReadyS(),
                        runs.getLast().allPairsS(), runs.getLast().fullMatrix() ? "all reachable" : "FAILURES");
            }
        }
        write(runs, json);
        return runs;
    }

    private Run once(int n, String backend) throws Exception {
        LabLayout layout = LabLayout.of("conv" + n + backend.charAt(0));
        Lab.down(layout, out);
        Lab lab = new Lab(layout, env, out);
        try {
            lab.up(n - 1, backend, Topology.L2, false, Duration.ofMinutes(10));
            LabPods pods = new LabPods(layout);
            for (LabState.Node node : LabState.require(layout).nodes()) {
                pods.add(node.name(), node.name() + "-p1", Map.of());
            }
            try (Reachability.Session probes = new Reachability.Session(7777)) {
                LabState.require(layout).pods().forEach(probes::listen);
                long t0 = System.nanoTime();
                String joined = lab.joinNode();
                Path env = layout.nodeDir(joined).resolve("subnet.env");
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
                return new Run(n, backend, lease, routes, podReady, all, full);
            }
        } finally {
            Lab.down(layout, out);
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
        ArrayNode a = root.putArray("runs");
        for (Run r : runs) {
            a.addObject().put("nodes", r.nodes()).put("backend", r.backend()).put("lease_s", r.leaseS())
                    .put("routes_s", r.routesS()).put("pod_ready_s", r.podReadyS()).put("all_pairs_s", r.allPairsS())
                    .put("full_matrix_reachable", r.fullMatrix());
        }
        Files.createDirectories(json.getParent());
        Files.writeString(json, Json.pretty(root) + "\n");
    }
}
