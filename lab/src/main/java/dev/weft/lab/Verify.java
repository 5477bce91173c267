package dev.weft.lab;

import dev.weft.cluster.Inventory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code weft lab verify}: plays a {@link Scenario} on a running lab. Pods go round-robin across
 * the nodes (same-node and cross-node paths both run), each serving TCP and UDP on 80 and 81
 * (named {@code serve-80-tcp}, ...). After a change the agents get a moment, then each
 * {@code expect} is probed until it matches, for up to {@link #SETTLE}; what was observed last
 * is printed with the differences and, for each differing cell, the agents' drop record of it or
 * its absence ({@link LabDrops}). The scenario's pods and policies are removed at the end.
 */
public final class Verify {
    static final Duration SETTLE = Duration.ofSeconds(15);
    private static final List<Integer> PORTS = List.of(80, 81);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(600);
    /** Agents flush a drop record within 0.1 s of the packet, and write it at once; this covers both. */
    private static final long DROP_LOG_DELAY_MS = 500;

    private final LabLayout layout;
    private final PrintStream out;
    private final Duration settle;

    public Verify(LabLayout layout, PrintStream out) {
        this(layout, out, SETTLE);
    }

    /** With how long an expectation may take to hold (tests shorten it to see a failure sooner). */
    public Verify(LabLayout layout, PrintStream out, Duration settle) {
        this.layout = layout;
        this.out = out;
        this.settle = settle;
    }

    /** Plays the scenario; returns the number of expectations that did not match. */
    public int run(Scenario sc) throws Exception {
        LabState state = LabState.require(layout);
        LabInventory inv = new LabInventory(layout, state);
        LabPods labPods = new LabPods(layout);
        Map<String, Map<String, String>> nsLabels = new LinkedHashMap<>(sc.namespaces());
        Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
        List<String> applied = new ArrayList<>();
        List<LabState.Pod> pods = new ArrayList<>();
        int failures = 0;
        out.println("scenario " + sc.name() + " on lab " + layout.name() + " (" + state.backend() + ", "
                + state.nodes().size() + " nodes)");
        try {
            nsLabels.forEach(inv::namespaceLabels);
            pods.addAll(addPods(sc, state, labPods, podLabels));
            try (PolicyProbe probe = new PolicyProbe(pods, PORTS)) {
                int stepNo = 0;
                for (Scenario.Step step : sc.steps()) {
                    stepNo++;
                    switch (step) {
                        case Scenario.Apply a -> {
                            String manifest = a.manifest(LabLayout.podNetwork(state.backend()));
                            inv.applyPolicy(manifest);
                            dev.weft.policy.manifest.PolicyManifest.parseEach(manifest)
                                    .forEach(p -> applied.add(p.policy().namespace() + "/" + p.policy().name()));
                            settle();
                        }
                        case Scenario.Delete d -> {
                            inv.deletePolicy(d.policy());
                            settle();
                        }
                        case Scenario.Label l -> {
                            if (l.namespace() != null) {
                                nsLabels.merge(l.namespace(), l.labels(), Verify::merged);
                                inv.namespaceLabels(l.namespace(), nsLabels.get(l.namespace()));
                            } else {
                                String pod = LabLayout.checkPod(l.pod());
                                podLabels.merge(pod, l.labels(), Verify::merged);
                                inv.podMeta(pod, podLabels.get(pod), servePorts());
                            }
                            settle();
                        }
                        case Scenario.Expect e -> failures += expect(stepNo, e, pods, probe) ? 0 : 1;
                    }
                }
            }
        } finally {
            for (String key : applied) {
                inv.deletePolicy(key);
            }
            for (LabState.Pod p : pods) {
                labPods.del(p.name());
            }
            nsLabels.keySet().forEach(ns -> inv.namespaceLabels(ns, Map.of()));
        }
        out.println(failures == 0 ? "PASS " + sc.name() : "FAIL " + sc.name() + ": " + failures + " expectation(s) differ");
        return failures;
    }

    private List<LabState.Pod> addPods(Scenario sc, LabState state, LabPods labPods,
                                       Map<String, Map<String, String>> podLabels) throws Exception {
        List<Future<LabState.Pod>> f = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < sc.pods().size(); i++) {
                Scenario.PodSpec spec = sc.pods().get(i);
                String node = state.nodes().get(i % state.nodes().size()).name();
                podLabels.put(LabLayout.checkPod(spec.name()), new TreeMap<>(spec.labels()));
                f.add(pool.submit(() -> labPods.add(node, spec.name(), spec.labels(), servePorts())));
            }
            List<LabState.Pod> out = new ArrayList<>();
            for (Future<LabState.Pod> p : f) {
                out.add(p.get());
            }
            return out;
        }
    }

    static Map<String, Inventory.Port> servePorts() {
        Map<String, Inventory.Port> m = new TreeMap<>();
        for (int port : PORTS) {
            for (String proto : List.of("TCP", "UDP")) {
                m.put("serve-" + port + "-" + proto.toLowerCase(java.util.Locale.ROOT), new Inventory.Port(port, proto));
            }
        }
        return m;
    }

    private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new TreeMap<>(a);
        m.putAll(b);
        return m;
    }

    /** The agents watch the datastore; a moment lets every node apply before probing starts. */
    private static void settle() {
        Lab.sleep(1000);
    }

    private boolean expect(int stepNo, Scenario.Expect e, List<LabState.Pod> all, PolicyProbe probe) throws Exception {
        List<LabState.Pod> pods = new ArrayList<>();
        for (String name : e.pods()) {
            String full = LabLayout.checkPod(name);
            pods.add(all.stream().filter(p -> p.name().equals(full)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("step " + stepNo + ": pod " + name + " is not in the scenario")));
        }
        long deadline = System.nanoTime() + settle.toNanos();
        long since = System.currentTimeMillis();
        List<List<Boolean>> seen;
        do {
            seen = probe.matrix(pods, e.port(), e.protocol(), PROBE_TIMEOUT);
            if (seen.equals(e.allowed())) {
                out.println("step " + stepNo + ": " + e.port() + "/" + e.protocol() + " matches (" + pods.size() + "x"
                        + pods.size() + ")");
                return true;
            }
        } while (System.nanoTime() < deadline);
        out.println("step " + stepNo + ": " + e.port() + "/" + e.protocol() + " DIFFERS; observed:");
        out.print(render(e.pods(), seen));
        Lab.sleep(DROP_LOG_DELAY_MS);
        LabDrops drops = new LabDrops(layout);
        for (int i = 0; i < pods.size(); i++) {
            for (int j = 0; j < pods.size(); j++) {
                if (!seen.get(i).get(j).equals(e.allowed().get(i).get(j))) {
                    out.println("  " + e.pods().get(i) + " -> " + e.pods().get(j) + ": expected "
                            + mark(e.allowed().get(i).get(j)) + ", observed " + mark(seen.get(i).get(j)));
                    out.println("    " + dropLine(drops, pods.get(i).name(), pods.get(j).name(), e, since));
                }
            }
        }
        return false;
    }

    /** The drop record of an unexpected cell, or the absence of one, as one line. */
    private static String dropLine(LabDrops drops, String from, String to, Scenario.Expect e, long since) {
        return drops.last(from, to, e.port(), e.protocol(), since)
                .map(r -> "drop record: node " + r.node() + " " + r.chain() + ": " + r.verdict())
                .orElse("no drop record since the step began (no policy chain dropped it"
                        + ", or the log's rate limit skipped it)");
    }

    static String render(List<String> names, List<List<Boolean>> m) {
        int w = names.stream().mapToInt(String::length).max().orElse(1) + 1;
        StringBuilder b = new StringBuilder(String.format("  %-" + w + "s", "-"));
        names.forEach(n -> b.append(String.format("%-" + w + "s", n)));
        b.append('\n');
        for (int i = 0; i < names.size(); i++) {
            b.append(String.format("  %-" + w + "s", names.get(i)));
            for (Boolean a : m.get(i)) {
                b.append(String.format("%-" + w + "s", mark(a)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String mark(boolean allowed) {
        return allowed ? "." : "X";
    }
}
