package dev.weft.bench.policy;

import dev.weft.lab.Lab;
import dev.weft.lab.LabEnv;
import dev.weft.lab.LabExec;
import dev.weft.lab.LabInventory;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabPods;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weft bench policy}: on a 2-node vxlan lab with P pods per node (namespace {@code bench},
 * labels {@code app=app-0..9}) and K policies (each isolating one app for ingress, with its own
 * port rule and a shared allow for 5201), it measures:
 * <ul>
 *   <li>apply to enforcement: with app-0 isolated, one more policy opens port 7777 to every pod;
 *       the time until probes from both nodes get through (median of 5);</li>
 *   <li>forwarding: iperf3 TCP between pods on the two nodes, through the policy chains;</li>
 *   <li>ruleset size on a node: rules, chains, sets and set elements, to show that rules grow with
 *       distinct rule lists, elements with selected pods, and never with their product.</li>
 * </ul>
 */
public final class PolicyBench {
    private final LabEnv env;
    private final PrintStream out;

    public PolicyBench(LabEnv env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public record Run(int podsPerNode, int policies, double enforceMedianS, double tcpGbps, int rules, int chains,
                      int elements) {
    }

    public List<Run> run(List<Integer> podsPerNode, List<Integer> policyCounts, int seconds, Path json) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int p : podsPerNode) {
            LabLayout layout = LabLayout.of("polb" + p);
            Lab.down(layout, out);
            Lab lab = new Lab(layout, env, out);
            try {
                lab.up(2, "vxlan", Topology.L2, false, Duration.ofMinutes(5));
                LabPods pods = new LabPods(layout);
                LabInventory inv = new LabInventory(layout, LabState.require(layout));
                for (int i = 0; i < p; i++) {
                    for (String node : List.of("n1", "n2")) {
                        pods.add(node, "bench/" + node + "-p" + i, Map.of("app", "app-" + (i % 10)));
                    }
                }
                LabState.Pod server = LabState.require(layout).requirePod("bench/n1-p0");
                LabState.Pod client = LabState.require(layout).requirePod("bench/n2-p1");
                LabState.Pod sameNode = LabState.require(layout).requirePod("bench/n1-p1");
                for (int k : policyCounts) {
                    for (int j = 0; j < k; j++) {
                        inv.applyPolicy(policy(j));
                    }
                    Lab.sleep(3000);
                    double enforce = enforcement(inv, server, client, sameNode);
                    double gbps = iperf(server, client, seconds);
                    int[] size = size(layout.nodeNs("n1"));
                    runs.add(new Run(p, k, enforce, gbps, size[0], size[1], size[2]));
                    out.printf("%4d pods/node %5d policies: enforce %.2f s, TCP %.2f Gbps, %d rules, %d chains, %d elements%n",
                            p, k, enforce, gbps, size[0], size[1], size[2]);
                    for (int j = 0; j < k; j++) {
                        inv.deletePolicy("bench/p" + j);
                    }
                }
            } finally {
                Lab.down(layout, out);
            }
        }
        write(runs, json);
        return runs;
    }

    /** Policy j isolates app-(j%10) for ingress: from app-(j+1)%10 on its own port, from any pod on 5201. */
    static String policy(int j) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p%d, namespace: bench}
                spec:
                  podSelector: {matchLabels: {app: app-%d}}
                  ingress:
                    - from: [{podSelector: {matchLabels: {app: app-%d}}}]
                      ports: [{port: %d}]
                    - from: [{podSelector: {}}]
                      ports: [{port: 5201}]
                """.formatted(j, j % 10, (j + 1) % 10, 10000 + j);
    }

    /** Median time from writing an opening policy until probes from both nodes get through. */
    private double enforcement(LabInventory inv, LabState.Pod server, LabState.Pod remote, LabState.Pod local) throws Exception {
        inv.applyPolicy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: isolate, namespace: bench}
                spec: {podSelector: {matchLabels: {app: app-0}}, ingress: []}
                """);
        List<Double> times = new ArrayList<>();
        try (Reachability.Session probes = new Reachability.Session(7777)) {
            for (LabState.Pod p : List.of(server, remote, local)) {
                probes.listen(p);
            }
            for (int i = 0; i < 5; i++) {
                awaitBlocked(probes, server, remote, local);
                long t0 = System.nanoTime();
                inv.applyPolicy("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: open, namespace: bench}
                        spec:
                          podSelector: {matchLabels: {app: app-0}}
                          ingress: [{from: [{podSelector: {}}], ports: [{port: 7777}]}]
                        """);
                while (!(probes.tcp(remote, server, Duration.ofMillis(200)) && probes.tcp(local, server, Duration.ofMillis(200)))) {
                    if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
                        throw new IllegalStateException("the opening policy was not enforced within 60 s");
                    }
                    Lab.sleep(10);
                }
                times.add((System.nanoTime() - t0) / 1e9);
                inv.deletePolicy("bench/open");
            }
        } finally {
            inv.deletePolicy("bench/isolate");
        }
        times.sort(Double::compare);
        return times.get(times.size() / 2);
    }

    private static void awaitBlocked(Reachability.Session probes, LabState.Pod server, LabState.Pod a, LabState.Pod b) {
        long t0 = System.nanoTime();
        while (probes.tcp(a, server, Duration.ofMillis(200)) || probes.tcp(b, server, Duration.ofMillis(200))) {
            if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("the isolation was not enforced within 60 s");
            }
            Lab.sleep(50);
        }
    }

    private static double iperf(LabState.Pod server, LabState.Pod client, int seconds) {
        LabExec.capture(LabExec.in(server.netns(), List.of("iperf3", "-s", "-1", "-D")));
        Lab.sleep(300);
        LabExec.Result r = LabExec.capture(LabExec.in(client.netns(), List.of("iperf3", "-c", server.ip(), "-t",
                Integer.toString(seconds), "-J")));
        Matcher m = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)").matcher(r.output());
        return m.find() ? Double.parseDouble(m.group(1)) / 1e9 : Double.NaN;
    }

    /** {rules, chains, elements} of the node's policy table. */
    static int[] size(String nodeNs) {
        String text = LabExec.capture(LabExec.in(nodeNs, List.of("nft", "list", "table", "inet", "weft_policy"))).output();
        int rules = 0;
        int chains = 0;
        int elements = 0;
        boolean inElements = false;
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.startsWith("chain ")) {
                chains++;
            } else if (line.startsWith("elements = {")) {
                inElements = true;
            }
            if (inElements) {
                elements += (int) line.chars().filter(c -> c == ',').count() + (line.endsWith("}") ? 1 : 0);
                inElements = !line.endsWith("}");
            } else if (!line.isEmpty() && !line.startsWith("chain ") && !line.startsWith("type ") && !line.startsWith("set ")
                    && !line.startsWith("map ") && !line.startsWith("table ") && !line.equals("}") && !line.startsWith("flags ")
                    && !line.startsWith("policy ")) {
                rules++;
            }
        }
        return new int[] {rules, chains, elements};
    }

    private static void write(List<Run> runs, Path json) throws Exception {
        ObjectNode root = Json.object();
        root.put("benchmark", "NetworkPolicy: apply -> enforced on every node, forwarding, ruleset size");
        ArrayNode a = root.putArray("runs");
        for (Run r : runs) {
            a.addObject().put("pods_per_node", r.podsPerNode()).put("policies", r.policies())
                    .put("apply_to_enforced_s", r.enforceMedianS()).put("tcp_gbps", r.tcpGbps())
                    .put("rules", r.rules()).put("chains", r.chains()).put("set_elements", r.elements());
        }
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, Json.pretty(root) + "\n");
    }
}
