package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.invoke.PluginExec;
import dev.weft.invoke.PluginRef;
import dev.weft.invoke.ProcessExec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.node.cni.InProcessExec;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;
import dev.weft.sdk.Dispatcher;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a warm in-agent ADD of weft-bridge + weft-host-local spends its time: the plugin wired as
 * the agent wires it (reaping kernel, in-process IPAM), run in this JVM on throwaway namespaces,
 * with every call into the kernel port and the IPAM delegation timed. What is left of the total is
 * the plugins' own work (configuration, results) and the dispatcher.
 */
public final class Breakdown {
    /** Time per step name, summed over one ADD. */
    private static final ThreadLocal<Map<String, Long>> STEPS = ThreadLocal.withInitial(TreeMap::new);

    private Breakdown() {
    }

    /** Runs {@code warmup} then {@code adds} ADD+DEL pairs and returns the breakdown of the ADDs (milliseconds, p50). */
    public static ObjectNode run(int warmup, int adds, PrintStream log) throws Exception {
        String id = Long.toString(System.nanoTime() % 46656, 36);
        String host = "wbd" + id + "-host";
        List<String> pods = new ArrayList<>();
        Path dir = Files.createTempDirectory("weft-breakdown");
        try (NetNs h = NetNs.create(host)) {
            for (int i = 0; i < 8; i++) {
                String p = "wbd" + id + "-p" + i;
                NetNs.create(p).close();
                pods.add(p);
            }
            // As in the agent: the plugins' host side is the namespace the calling thread is in
            // (the loop below runs inside the host namespace), so host work needs no thread hop.
            ReapingKernel reaping = new ReapingKernel(new NetlinkKernel());
            Kernel kernel = timed(reaping);
            InProcessExec inProcess = new InProcessExec(new ProcessExec(), new PluginCatalog(kernel));
            PluginExec ipam = timedExec(inProcess);
            Dispatcher bridge = new Dispatcher(timedPlugin(BridgePlugin.standard(ipam, kernel)));
            String conf = """
                    {"cniVersion": "1.0.0", "name": "breakdown", "type": "weft-bridge", "bridge": "wbd0", "isGateway": true,
                     "ipMasq": false, "ipam": {"type": "weft-host-local", "ranges": [[{"subnet": "10.85.0.0/16"}]],
                     "dataDir": "%s"}}""".formatted(dir.resolve("ipam"));
            Map<String, Latencies> byStep = new TreeMap<>();
            Latencies total = new Latencies();
            h.run(() -> {
            for (int i = 0; i < warmup + adds; i++) {
                String pod = pods.get(i % pods.size());
                STEPS.get().clear();
                long t0 = System.nanoTime();
                call(bridge, "ADD", "bd" + i, pod, conf);
                long t = System.nanoTime() - t0;
                Map<String, Long> steps = new TreeMap<>(STEPS.get());
                call(bridge, "DEL", "bd" + i, pod, conf);
                if (i >= warmup) {
                    total.add(t / 1e6);
                    steps.forEach((k, v) -> byStep.computeIfAbsent(k, x -> new Latencies()).add(v / 1e6));
                }
            }
            return null;
            });
            reaping.drain();
            ObjectNode out = Json.object().put("adds", adds).put("warmup", warmup)
                    .put("total_p50_ms", round(total.percentile(50)));
            ObjectNode steps = out.putObject("steps_p50_ms");
            double kernelSum = 0;
            for (var e : byStep.entrySet()) {
                double p50 = e.getValue().percentile(50);
                steps.put(e.getKey(), round(p50));
                if (e.getKey().startsWith("kernel.")) {
                    kernelSum += p50;
                }
            }
            out.put("kernel_sum_p50_ms", round(kernelSum));
            log.println(out.toPrettyString());
            return out;
        } finally {
            pods.forEach(NetNs::delete);
            NetNs.delete(host);
            dev.weft.io.FileTrees.delete(dir);
        }
    }

    private static void call(Dispatcher d, String cmd, String cid, String pod, String conf) {
        Map<String, String> env = Map.of("CNI_COMMAND", cmd, "CNI_CONTAINERID", cid,
                "CNI_NETNS", NetNs.RUN_NETNS.resolve(pod).toString(), "CNI_IFNAME", "eth0", "CNI_PATH", "/nonexistent");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (d.run(env, conf.getBytes(StandardCharsets.UTF_8), out, err) != 0) {
            throw new IllegalStateException(cmd + " failed: " + out.toString(StandardCharsets.UTF_8) + err);
        }
    }

    private static void record(String step, long nanos) {
        STEPS.get().merge(step, nanos, Long::sum);
    }

    /** The kernel port with every call (and every namespace it opens) timed. */
    private static Kernel timed(Kernel k) {
        return new Kernel() {
            @Override
            public Namespace current() {
                long t0 = System.nanoTime();
                Namespace ns = k.current();
                record("kernel.open-host", System.nanoTime() - t0);
                return timedNs(ns);
            }

            @Override
            public Namespace open(String path) {
                long t0 = System.nanoTime();
                Namespace ns = k.open(path);
                record("kernel.open-container", System.nanoTime() - t0);
                return timedNs(ns);
            }

            @Override
            public void retire(String path, Namespace ns, Link link) {
                long t0 = System.nanoTime();
                k.retire(path, unwrap(ns), link);
                record("kernel.retire", System.nanoTime() - t0);
            }
        };
    }

    private static final Map<Object, Namespace> UNWRAP = new java.util.concurrent.ConcurrentHashMap<>();

    private static Namespace unwrap(Namespace ns) {
        return UNWRAP.getOrDefault(ns, ns);
    }

    private static Namespace timedNs(Namespace real) {
        Namespace proxy = (Namespace) Proxy.newProxyInstance(Namespace.class.getClassLoader(),
                new Class<?>[] {Namespace.class}, (p, m, args) -> {
                    if (args != null) {
                        for (int i = 0; i < args.length; i++) {
                            if (args[i] instanceof Namespace n) {
                                args[i] = unwrap(n);
                            }
                        }
                    }
                    long t0 = System.nanoTime();
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        record("kernel." + m.getName(), System.nanoTime() - t0);
                        if (m.getName().equals("close")) {
                            UNWRAP.remove(p);
                        }
                    }
                });
        UNWRAP.put(proxy, real);
        return proxy;
    }

    /** The plugin's own add (what the dispatcher adds around it is the rest of the total). */
    private static dev.weft.sdk.Plugin timedPlugin(dev.weft.sdk.Plugin p) {
        return new dev.weft.sdk.Plugin() {
            @Override
            public Result add(dev.weft.sdk.Request r) {
                long t0 = System.nanoTime();
                try {
                    return p.add(r);
                } finally {
                    record("plugin.add", System.nanoTime() - t0);
                }
            }

            @Override
            public void del(dev.weft.sdk.Request r) {
                p.del(r);
            }

            @Override
            public void check(dev.weft.sdk.Request r) {
                p.check(r);
            }
        };
    }

    /** The IPAM delegation, timed as a whole. */
    private static PluginExec timedExec(PluginExec e) {
        return new PluginExec() {
            @Override
            public PluginRef find(String type, List<Path> searchPath) {
                return e.find(type, searchPath);
            }

            @Override
            public byte[] run(PluginRef plugin, byte[] stdin, Map<String, String> cniEnv) {
                long t0 = System.nanoTime();
                try {
                    return e.run(plugin, stdin, cniEnv);
                } finally {
                    record("ipam." + cniEnv.get("CNI_COMMAND"), System.nanoTime() - t0);
                }
            }

            @Override
            public Result add(PluginRef plugin, ObjectNode stdin, Map<String, String> cniEnv) {
                long t0 = System.nanoTime();
                try {
                    return e.add(plugin, stdin, cniEnv);
                } finally {
                    Breakdown.record("ipam.ADD", System.nanoTime() - t0);
                }
            }

            @Override
            public void call(PluginRef plugin, ObjectNode stdin, Map<String, String> cniEnv) {
                long t0 = System.nanoTime();
                try {
                    e.call(plugin, stdin, cniEnv);
                } finally {
                    record("ipam." + cniEnv.get("CNI_COMMAND"), System.nanoTime() - t0);
                }
            }
        };
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
