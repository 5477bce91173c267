package dev.weft.bench.cri;

import dev.weft.cri.CriClient;
import dev.weft.cri.PodSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod setup through containerd's CRI, as the kubelet sees it: the wall time of RunPodSandbox,
 * which returns once the sandbox's network is set up (CNI ADD done). Two containerd instances with
 * the same config and bin dir, one given weft's conflist and one the reference bridge +
 * host-local, take turns pod by pod (interleaved, so drift hits both); every sandbox is stopped
 * and removed at the end. Measures; asserts nothing about time.
 */
public final class CriPodSetup {
    private CriPodSetup() {
    }

    /** Median milliseconds of RunPodSandbox per implementation name, over {@code pods} sandboxes each. */
    public static Map<String, double[]> measure(Map<String, Containerd> runtimes, int pods) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, double[]> ms = new LinkedHashMap<>();
        runtimes.keySet().forEach(k -> {
            ids.put(k, new ArrayList<>());
            ms.put(k, new double[pods]);
        });
        try {
            for (int i = 0; i < pods; i++) {
                List<String> order = new ArrayList<>(runtimes.keySet());
                if (i % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String impl : order) {
                    Containerd c = runtimes.get(impl);
                    long t0 = System.nanoTime();
                    String id = c.cri().runPodSandbox(PodSpec.of("bench", impl.replaceAll("[^a-z0-9]", "") + "-" + i),
                            c.logDir());
                    ms.get(impl)[i] = (System.nanoTime() - t0) / 1e6;
                    ids.get(impl).add(id);
                    if (c.cri().podIp(id).isEmpty()) {
                        throw new IllegalStateException(impl + ": sandbox " + id + " has no IP");
                    }
                }
            }
        } finally {
            runtimes.forEach((impl, c) -> ids.get(impl).forEach(id -> {
                c.cri().stopPodSandbox(id);
                c.cri().removePodSandbox(id);
            }));
        }
        ms.values().forEach(Arrays::sort);
        return ms;
    }

    public static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    /**
     * The conflist a lab node's agent serves ({@code nodeDir/net.d/10-weft.conflist}) in {@code confDir},
     * at cniVersion 1.0.0: containerd 1.6's libcni knows CNI versions up to 1.0.0.
     */
    public static Path weftConf(Path nodeDir, Path confDir) throws IOException {
        Files.createDirectories(confDir);
        String conflist = Files.readString(nodeDir.resolve("net.d/10-weft.conflist"))
                .replaceFirst("\"cniVersion\": \"[0-9.]+\"", "\"cniVersion\": \"1.0.0\"");
        Files.writeString(confDir.resolve("10-weft.conflist"), conflist);
        return confDir;
    }

    /** The reference bridge + host-local conflist on {@code subnet}, its IPAM state under {@code ipamDir}. */
    public static Path referenceConf(Path confDir, String subnet, Path ipamDir) throws IOException {
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve("10-ref.conflist"), """
                {"cniVersion": "1.0.0", "name": "ref", "plugins": [
                  {"type": "bridge", "bridge": "crib0", "isGateway": true,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s"}]]}}]}
                """.formatted(ipamDir, subnet));
        return confDir;
    }
}
