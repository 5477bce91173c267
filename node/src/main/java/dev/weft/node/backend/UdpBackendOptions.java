package dev.weft.node.backend;

import dev.weft.overlay.udp.UdpOverlayConfig;
import dev.weft.overlay.udp.datapath.DatapathKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code udp} backend's options as the cluster configuration stores them
 * ({@code backendOptions}): {@value #PORT} (Flannel's 8285 by default) and {@value #DATAPATH}
 * ({@code simple}, {@code batched} or {@code offload}; absent: the best this node's kernel
 * offers). Parsed the same way by {@code weft cluster init} (so a bad value is refused before it is
 * stored) and by the agent.
 */
public record UdpBackendOptions(int port, Optional<DatapathKind> datapath) {
    public static final String PORT = "port";
    public static final String DATAPATH = "udpDatapath";
    private static final Set<String> KNOWN = Set.of(PORT, DATAPATH);

    public UdpBackendOptions {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backendOptions." + PORT + " " + port + " is not in 1..65535");
        }
        java.util.Objects.requireNonNull(datapath, "datapath");
    }

    /** Reads {@code options}; an unknown key or a bad value is an error naming it. */
    public static UdpBackendOptions of(Map<String, String> options) {
        for (String k : options.keySet()) {
            if (!KNOWN.contains(k)) {
                throw new IllegalArgumentException("backendOptions." + k + " is not an option of the udp backend (it has "
                        + PORT + ", " + DATAPATH + ")");
            }
        }
        int port = UdpOverlayConfig.DEFAULT_PORT;
        String p = options.get(PORT);
        if (p != null) {
            try {
                port = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("backendOptions." + PORT + " \"" + p + "\" is not a number");
            }
        }
        return new UdpBackendOptions(port, Optional.ofNullable(options.get(DATAPATH)).map(DatapathKind::parse));
    }

    /** The stored form: only what differs from the defaults. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (port != UdpOverlayConfig.DEFAULT_PORT) {
            m.put(PORT, Integer.toString(port));
        }
        datapath.ifPresent(d -> m.put(DATAPATH, d.option()));
        return m;
    }
}
