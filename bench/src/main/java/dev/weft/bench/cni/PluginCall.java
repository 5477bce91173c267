package dev.weft.bench.cni;

import dev.weft.netlink.ns.NetNs;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One plugin execution as a container runtime does it: the executable with the CNI variables and
 * the configuration on stdin, spawned from a thread inside the bench's host namespace. The time
 * is measured around spawn-to-exit only.
 */
final class PluginCall {
    private PluginCall() {
    }

    record Outcome(double millis, String stdout, String stderr) {
    }

    static Outcome run(NetNs host, Impl impl, String command, String containerId, String podNs, String config,
                       List<String> prefix) {
        return host.run(() -> {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.add(impl.plugin().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.putAll(impl.env());
            env.put("CNI_COMMAND", command);
            env.put("CNI_CONTAINERID", containerId);
            env.put("CNI_NETNS", NetNs.RUN_NETNS.resolve(podNs).toString());
            env.put("CNI_IFNAME", impl.ifName());
            env.put("CNI_PATH", impl.binDir().toString());
            long t0 = System.nanoTime();
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(config.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            int exit = p.waitFor();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (exit != 0) {
                throw new IllegalStateException(impl.name() + " " + command + " " + containerId + " exited " + exit + ": "
                        + new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8));
            }
            return new Outcome(ms, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        });
    }
}
