package dev.weft.bench.cni;

import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.sys.Spawn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One plugin execution as a container runtime does it: the executable with the CNI variables and
 * the configuration on stdin, spawned from a thread inside the bench's host namespace. The time
 * is measured around spawn-to-exit only.
 */
final class PluginCall {
    /** What a runtime's environment holds besides the CNI variables. */
    private static final Map<String, String> BASE_ENV = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    private PluginCall() {
    }

    record Outcome(double millis, String stdout, String stderr) {
    }

    static Outcome run(Spawner spawner, NetNs host, Impl impl, String command, String containerId, String podNs,
                       String config, List<String> prefix) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(impl.plugin().toString());
        Map<String, String> env = new LinkedHashMap<>(BASE_ENV);
        env.putAll(impl.env());
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", NetNs.RUN_NETNS.resolve(podNs).toString());
        env.put("CNI_IFNAME", impl.ifName());
        env.put("CNI_PATH", impl.binDir().toString());
        byte[] stdin = config.getBytes(StandardCharsets.UTF_8);
        return host.run(() -> {
            long t0 = System.nanoTime();
            Spawn.Result r = spawner.run(argv, env, stdin);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.exit() != 0) {
                throw new IllegalStateException(impl.name() + " " + command + " " + containerId + " exited " + r.exit()
                        + ": " + Spawner.text(r.stdout()) + Spawner.text(r.stderr()));
            }
            return new Outcome(ms, Spawner.text(r.stdout()), Spawner.text(r.stderr()));
        });
    }

    /** Spawn-to-exit of {@code argv} with no CNI work at all: the runtime's own cost, subtracted from nothing. */
    static double bare(Spawner spawner, NetNs host, List<String> argv, Map<String, String> env, String stdin) {
        Map<String, String> all = new LinkedHashMap<>(BASE_ENV);
        all.putAll(env);
        return host.run(() -> {
            long t0 = System.nanoTime();
            Spawn.Result r = spawner.run(argv, all, stdin.getBytes(StandardCharsets.UTF_8));
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.exit() != 0) {
                throw new IllegalStateException(argv + " exited " + r.exit() + ": " + Spawner.text(r.stderr()));
            }
            return ms;
        });
    }
}
