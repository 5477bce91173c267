package dev.weft.fastpath;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Test requests shaped like real CNI calls. */
final class Samples {
    static final String CONFIG = """
            {"cniVersion":"1.0.0","name":"weft","type":"weft-bridge","bridge":"weft0"}""";

    private Samples() {
    }

    static Map<String, String> cniEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", "ADD");
        env.put("CNI_CONTAINERID", "3f1c0e5b9a7d");
        env.put("CNI_NETNS", "/var/run/netns/cni-1234");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0");
        env.put("CNI_PATH", "/opt/cni/bin:/usr/lib/cni");
        env.put("CNI_EMPTY", "");
        return env;
    }

    static CniRequest add() {
        return new CniRequest("weft-bridge", cniEnv(), CONFIG.getBytes(StandardCharsets.UTF_8));
    }

    /** Deterministic bytes covering every byte value, including NUL and 0xff. */
    static byte[] binary(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < Math.min(size, 256); i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
