package dev.weft.node.cni;

import dev.weft.node.plugins.PluginCatalog;
import dev.weft.io.FileTrees;
import dev.weft.sdk.Dispatcher;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run for the JVM path's AOT cache ({@code java -XX:AOTCacheOutput=...}): it drives
 * the code every plugin call goes through (dispatcher, JSON, config and result model, IPAM) without
 * touching any network namespace, so it is safe to run on a live host at install time.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("weft-aot");
        try {
            for (String name : PluginCatalog.executables().keySet()) {
                run(name, Map.of("CNI_COMMAND", "VERSION"), "{}");
            }
            String conf = """
                    {"cniVersion": "1.1.0", "name": "aot", "type": "weft-host-local",
                     "ranges": [[{"subnet": "10.255.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}],
                     "dataDir": "%s"}""".formatted(dir.resolve("ipam"));
            for (int i = 0; i < 20; i++) {
                for (String cmd : new String[] {"ADD", "CHECK", "DEL"}) {
                    run("weft-host-local", Map.of("CNI_COMMAND", cmd, "CNI_CONTAINERID", "aot" + i,
                            "CNI_NETNS", "/run/netns/aot", "CNI_IFNAME", "eth0", "CNI_PATH", dir.toString()), conf);
                }
            }
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static void run(String plugin, Map<String, String> env, String stdin) {
        var p = InProcessExec.oneShot().plugin(plugin).orElseThrow(); // as PluginMain wires them
        new Dispatcher(p).run(env, stdin.getBytes(StandardCharsets.UTF_8), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }
}
