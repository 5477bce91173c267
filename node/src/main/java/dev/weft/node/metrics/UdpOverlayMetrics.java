package dev.weft.node.metrics;

import dev.weft.overlay.udp.StatusFile;
import dev.weft.overlay.udp.datapath.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The udp backend's datapath runs in a process of its own and rewrites its counters to a status
 * file every second; a scrape reads that file, so its figures are at most a second old. A missing
 * or unreadable file (the process restarting) yields no samples rather than zeros, which would
 * look like a counter reset.
 */
final class UdpOverlayMetrics {
    private static final System.Logger LOG = System.getLogger(UdpOverlayMetrics.class.getName());

    private UdpOverlayMetrics() {
    }

    static void register(PrometheusRegistry registry, Path statusFile) {
        CounterWithCallback.builder().name("weft_overlay_udp_packets_total")
                .help("Packets the udp datapath forwarded, by direction (tx: TUN to peer, rx: peer to TUN)")
                .labelNames("direction").callback(cb -> {
                    Map<String, String> s = read(statusFile);
                    value(s, Counter.TX_PACKETS).ifPresent(v -> cb.call(v, "tx"));
                    value(s, Counter.RX_PACKETS).ifPresent(v -> cb.call(v, "rx"));
                }).register(registry);
        CounterWithCallback.builder().name("weft_overlay_udp_drops_total")
                .help("Packets the udp datapath dropped, by reason (its status file's drop_ counters)")
                .labelNames("reason").callback(cb -> {
                    Map<String, String> s = read(statusFile);
                    for (Counter c : Counter.values()) {
                        if (c.key().startsWith("drop_")) {
                            value(s, c).ifPresent(v -> cb.call(v, c.key().substring("drop_".length())));
                        }
                    }
                }).register(registry);
    }

    private static Map<String, String> read(Path file) {
        try {
            return StatusFile.read(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no udp datapath status in " + file, e);
            return Map.of();
        }
    }

    private static java.util.OptionalDouble value(Map<String, String> status, Counter c) {
        String v = status.get(c.key());
        try {
            return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return java.util.OptionalDouble.empty();
        }
    }
}
