package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.cni.json.Json;
import dev.weft.netlink.ns.NetNs;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Where a warm in-agent ADD of weft-bridge + weft-host-local spends its time (see
 * {@link BreakdownRig} for what is timed), run in this JVM on throwaway namespaces. What is left
 * of the total is the plugins' own work (configuration, results) and the dispatcher.
 *
 * <p>Every variant runs one ADD+DEL in turn, ADD by ADD (the first variant of each round
 * rotating), so all see the same machine: on a loaded machine only these side-by-side figures
 * mean anything. The variants: host-local on its files every call and on the agent's in-memory
 * index, the bridge port set up after it joined, and the same ADDs on other builds' classes
 * ({@link Build}: e.g. main's {@code build/lib}, loaded beside this build's by a
 * {@link BuildLoader}). Running two builds' code in one JVM shares the JIT and code cache; that
 * is the price of interleaving them ADD by ADD.
 */
public final class Breakdown {
    private static final int QUARTERS = 4;

    private Breakdown() {
    }

    /** Another build to interleave: {@code name} in the report, {@code lib} its {@code build/lib}. */
    public record Build(String name, Path lib) {
        public Build {
            if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("--breakdown-against: name \"" + name
                        + "\" must be letters, digits, '.', '_' or '-' (NAME=LIBDIR)");
            }
        }

        /** {@code NAME=LIBDIR}, as the command line gives it. */
        public static Build parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException("--breakdown-against: \"" + text + "\" is not NAME=LIBDIR");
            }
            return new Build(text.substring(0, eq), Path.of(text.substring(eq + 1)));
        }
    }

    /** One variant's ADDs and their steps. */
    private record Variant(String name, BiFunction<Integer, String, Map<String, Long>> rig,
                           Map<String, Latencies> byStep, Latencies total, List<Latencies> quarters) {
        Variant(String name, BiFunction<Integer, String, Map<String, Long>> rig) {
            this(name, rig, new TreeMap<>(), new Latencies(), new ArrayList<>(List.of(new Latencies(), new Latencies(),
                    new Latencies(), new Latencies())));
        }
    }

    /** As {@link #run(int, int, int, List, PrintStream)} on this build alone. */
    public static ObjectNode run(int warmup, int adds, int held, PrintStream log) throws Exception {
        return run(warmup, adds, held, List.of(), log);
    }

    /**
     * Runs {@code warmup} then {@code adds} ADD+DEL pairs per variant, interleaved, and returns
     * each variant's breakdown (milliseconds, p50) and its ADD p50 per quarter of the run. Each
     * host-local directory first gets {@code held} allocations, as a node with that many pods has.
     */
    public static ObjectNode run(int warmup, int adds, int held, List<Build> others, PrintStream log) throws Exception {
        String id = Long.toString(System.nanoTime() % 46656, 36);
        String host = "wbd" + id + "-host";
        List<String> pods = new ArrayList<>();
        Path dir = Files.createTempDirectory("weft-breakdown");
        List<AutoCloseable> closers = new ArrayList<>();
        String loadBefore = loadAverage();
        try (NetNs h = NetNs.create(host)) {
            for (int i = 0; i < 8; i++) {
                String p = "wbd" + id + "-p" + i;
                NetNs.create(p).close();
                pods.add(BreakdownRig.podPath(p));
            }
            // As in the agent: the plugins' host side is the namespace the calling thread is in
            // (the loop below runs inside the host namespace), so host work needs no thread hop.
            List<Variant> variants = h.run(() -> variants(dir, held, others, closers));
            h.run(() -> {
                for (int i = 0; i < warmup + adds; i++) {
                    String pod = pods.get(i % pods.size());
                    for (int k = 0; k < variants.size(); k++) {
                        Variant v = variants.get((i + k) % variants.size());
                        Map<String, Long> steps = v.rig().apply(i, pod);
                        if (i >= warmup) {
                            double total = steps.remove("total") / 1e6;
                            v.total().add(total);
                            v.quarters().get(Math.min(QUARTERS - 1, (i - warmup) * QUARTERS / adds)).add(total);
                            steps.forEach((s, x) -> v.byStep().computeIfAbsent(s, y -> new Latencies()).add(x / 1e6));
                        }
                    }
                }
                return null;
            });
            ObjectNode out = Json.object().put("adds", adds).put("warmup", warmup).put("held", held)
                    .put("load_average_before", loadBefore).put("load_average_after", loadAverage());
            for (Variant v : variants) {
                out.set(v.name(), summary(v));
            }
            log.println(out.toPrettyString());
            return out;
        } finally {
            for (AutoCloseable c : closers.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.println("breakdown: cleanup: " + e);
                }
            }
            pods.forEach(p -> NetNs.delete(Path.of(p).getFileName().toString()));
            NetNs.delete(host);
            dev.weft.io.FileTrees.delete(dir);
        }
    }

    private static List<Variant> variants(Path dir, int held, List<Build> others, List<AutoCloseable> closers)
            throws Exception {
        List<Variant> variants = new ArrayList<>();
        BreakdownRig.rigs(dir.resolve("this"), held, true, closers).forEach((n, r) -> variants.add(new Variant(n, r)));
        for (Build b : others) {
            BuildLoader loader = BuildLoader.of(b.lib());
            closers.add(loader);
            Map<String, BiFunction<Integer, String, Map<String, Long>>> rigs = otherRigs(loader,
                    dir.resolve("build-" + b.name()), held, closers);
            rigs.forEach((n, r) -> variants.add(new Variant(b.name() + "/" + n, r)));
        }
        return variants;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, BiFunction<Integer, String, Map<String, Long>>> otherRigs(BuildLoader loader, Path data,
            int held, List<AutoCloseable> closers) throws Exception {
        Class<?> rig = loader.loadClass(BreakdownRig.class.getName());
        try {
            return (Map<String, BiFunction<Integer, String, Map<String, Long>>>) rig
                    .getMethod("rigs", Path.class, int.class, boolean.class, List.class)
                    .invoke(null, data, held, false, closers);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private static ObjectNode summary(Variant v) {
        ObjectNode out = Json.object().put("total_p50_ms", round(v.total().percentile(50)))
                .put("total_p99_ms", round(v.total().percentile(99)));
        var quarters = out.putArray("total_p50_by_quarter_ms");
        v.quarters().forEach(q -> quarters.add(q.count() == 0 ? 0 : round(q.percentile(50))));
        ObjectNode steps = out.putObject("steps_p50_ms");
        double kernelSum = 0;
        for (var e : v.byStep().entrySet()) {
            double p50 = e.getValue().percentile(50);
            steps.put(e.getKey(), round(p50));
            if (e.getKey().startsWith("kernel.")) {
                kernelSum += p50;
            }
        }
        out.put("kernel_sum_p50_ms", round(kernelSum));
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
