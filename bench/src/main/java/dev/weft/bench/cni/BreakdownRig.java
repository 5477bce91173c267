package dev.weft.bench.cni;

import dev.weft.cni.result.Result;
import dev.weft.invoke.PluginExec;
import dev.weft.invoke.PluginRef;
import dev.weft.invoke.ProcessExec;
import dev.weft.ipam.hostlocal.Allocations;
import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.ipam.hostlocal.IndexedAllocations;
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The ADDs that {@link Breakdown} times: weft-bridge + weft-host-local wired as the agent wires
 * them (reaping kernel, in-process IPAM), with every call into the kernel port, the IPAM
 * delegation and host-local's allocation store timed.
 *
 * <p>This class is also loaded, from this build's jar, on top of another build's jars (see
 * {@link BuildLoader}), so that the same driver interleaves two builds' ADDs in one JVM. So
 * {@link #rigs} speaks only JDK types, and this class uses only API that builds since the
 * breakdown was introduced share; what is newer lives in {@link PortUpRig}, which only this
 * build runs.
 */
public final class BreakdownRig {
    /** Time per step name, summed over one ADD. */
    private static final ThreadLocal<Map<String, Long>> STEPS = ThreadLocal.withInitial(TreeMap::new);
    private static final Map<Object, Namespace> UNWRAP = new ConcurrentHashMap<>();

    private BreakdownRig() {
    }

    /**
     * This build's variants by name, each one ADD+DEL per call: (iteration, pod's netns path) →
     * the ADD's steps in nanoseconds, its whole time under {@code "total"}. Host-local's
     * directories go under {@code data}, each first given {@code held} allocations. With
     * {@code portVariants}, also the bridge port set up after it joined
     * ({@code Links.PortUp.AFTER_JOIN}, against the default in its creation) and the bridge port
     * without an IPv6 link-local address (against the default with one). What must be closed at the end is added to {@code closers}.
     */
    public static Map<String, BiFunction<Integer, String, Map<String, Long>>> rigs(Path data, int held,
            boolean portVariants, List<AutoCloseable> closers) {
        IndexedAllocations.Registry index = new IndexedAllocations.Registry();
        closers.add(index);
        ReapingKernel reaping = new ReapingKernel(new NetlinkKernel());
        closers.add(reaping::drain);
        Kernel kernel = timed(reaping);
        Map<String, BiFunction<Integer, String, Map<String, Long>>> rigs = new LinkedHashMap<>();
        rigs.put("host_local_files", rig(kernel, reaping, timed(Allocations.Source.FILES), data.resolve("files"), held));
        rigs.put("host_local_indexed", rig(kernel, reaping, timed(index), data.resolve("indexed"), held));
        if (portVariants) {
            rigs.put("host_local_indexed_port_up_after_join", portVariant(PortUpRig.afterJoin(),
                    data.resolve("indexed-up-after-join"), held, closers));
            rigs.put("host_local_indexed_port_no_ipv6_link_local", portVariant(PortUpRig.withoutIpv6LinkLocal(),
                    data.resolve("indexed-no-ipv6-link-local"), held, closers));
        }
        return rigs;
    }

    /** A variant of host-local indexed on a kernel of its own ({@link PortUpRig}), with its own index; both closed at the end. */
    private static BiFunction<Integer, String, Map<String, Long>> portVariant(ReapingKernel kernel, Path dir, int held,
                                                                             List<AutoCloseable> closers) {
        IndexedAllocations.Registry index = new IndexedAllocations.Registry();
        closers.add(index);
        closers.add(kernel::drain);
        return rig(timed(kernel), kernel, timed(index), dir, held);
    }

    /**
     * One variant's ADD+DEL. After the DEL it waits for {@code reaper} to delete the retired veth
     * (untimed): the reaper deletes one veth per RCU grace period, slower than this loop makes
     * them, so without the wait its backlog grew by hundreds of veth pairs a minute, their host
     * ends still ports of {@code wbd0} (one bridge for every variant and build), until the bridge's
     * 1024 ports were full and an ADD failed with EXFULL; and every ADD was timed against a
     * bridge of hundreds of ports and the reapers' deletes. An agent's reaper keeps up between
     * pods; so does this one now.
     */
    private static BiFunction<Integer, String, Map<String, Long>> rig(Kernel kernel, ReapingKernel reaper,
                                                                     Allocations.Source hostLocal, Path dir, int held) {
        InProcessExec inProcess = new InProcessExec(new ProcessExec(), new PluginCatalog(kernel, hostLocal));
        Dispatcher bridge = new Dispatcher(timedPlugin(BridgePlugin.standard(timedExec(inProcess), kernel)));
        String conf = """
                {"cniVersion": "1.0.0", "name": "breakdown", "type": "weft-bridge", "bridge": "wbd0", "isGateway": true,
                 "ipMasq": false, "ipam": {"type": "weft-host-local", "ranges": [[{"subnet": "10.85.0.0/16"}]],
                 "dataDir": "%s"}}""".formatted(dir);
        Dispatcher hostLocalAlone = new Dispatcher(new HostLocalPlugin());
        for (int i = 0; i < held; i++) {
            call(hostLocalAlone, "ADD", "held" + i, null, conf);
        }
        return (i, pod) -> {
            STEPS.get().clear();
            long t0 = System.nanoTime();
            call(bridge, "ADD", "bd" + i, pod, conf);
            long t = System.nanoTime() - t0;
            Map<String, Long> steps = new TreeMap<>(STEPS.get());
            steps.put("total", t);
            call(bridge, "DEL", "bd" + i, pod, conf);
            try {
                reaper.drain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the link reaper", e);
            }
            return steps;
        };
    }

    private static void call(Dispatcher d, String cmd, String cid, String podPath, String conf) {
        Map<String, String> env = Map.of("CNI_COMMAND", cmd, "CNI_CONTAINERID", cid,
                "CNI_NETNS", podPath == null ? "/proc/self/ns/net" : podPath,
                "CNI_IFNAME", "eth0", "CNI_PATH", "/nonexistent");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (d.run(env, conf.getBytes(StandardCharsets.UTF_8), out, err) != 0) {
            throw new IllegalStateException(cmd + " failed: " + out.toString(StandardCharsets.UTF_8) + err);
        }
    }

    /** The path a pod namespace made by {@link NetNs#create} has (for the driver). */
    static String podPath(String name) {
        return NetNs.RUN_NETNS.resolve(name).toString();
    }

    static void record(String step, long nanos) {
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

    /** Host-local's allocation store with every call timed ({@code ipam.store.locked} holds the others). */
    private static Allocations.Source timed(Allocations.Source source) {
        return (dataDir, network) -> {
            Allocations real = source.of(dataDir, network);
            return (Allocations) Proxy.newProxyInstance(Allocations.class.getClassLoader(),
                    new Class<?>[] {Allocations.class}, (p, m, args) -> {
                        long t0 = System.nanoTime();
                        try {
                            return m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            if (!m.getName().equals("dir")) {
                                record("ipam.store." + m.getName(), System.nanoTime() - t0);
                            }
                        }
                    });
        };
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
                    record("ipam.ADD", System.nanoTime() - t0);
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
}
