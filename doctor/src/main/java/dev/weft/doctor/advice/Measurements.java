package dev.weft.doctor.advice;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Figures from {@code weft bench dataplane} ({@code dataplane.json}) per backend: TCP throughput,
 * its ratio to the underlay and the round-trip median. The bench module is above the doctor, so
 * the file is read as the documented JSON, not through its classes. The udp datapaths count as
 * one backend (the best of them).
 */
public record Measurements(String kernel, Map<Backend, Figures> figures) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Measurements {
        figures = Map.copyOf(figures);
    }

    /** One backend's figures; NaN where the bench could not measure. */
    public record Figures(double tcpGbps, double tcpRatio, double rrP50Us) {
        /** {@code tcp 2.91 Gbps (0.92 of the underlay), rr p50 24 µs}. */
        public String text() {
            StringBuilder b = new StringBuilder();
            if (Double.isFinite(tcpGbps)) {
                b.append(String.format(java.util.Locale.ROOT, "tcp %.2f Gbps", tcpGbps));
                if (Double.isFinite(tcpRatio)) {
                    b.append(String.format(java.util.Locale.ROOT, " (%.2f of the underlay)", tcpRatio));
                }
            }
            if (Double.isFinite(rrP50Us)) {
                b.append(b.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT, "rr p50 %.0f µs", rrP50Us));
            }
            return b.toString();
        }
    }

    public Optional<Figures> of(Backend b) {
        return Optional.ofNullable(figures.get(b));
    }

    /** Parses {@code dataplane.json}; a mode weft has no backend for (underlay, bridge-same-node) is skipped. */
    public static Measurements parse(String json) {
        JsonNode root = JSON.readTree(json);
        String kernel = root.path("machine").path("kernel").asString("");
        Map<Backend, Figures> out = new EnumMap<>(Backend.class);
        for (var e : root.path("modes").properties()) {
            Optional<Backend> b = backendOf(e.getKey());
            if (b.isEmpty()) {
                continue;
            }
            JsonNode m = e.getValue();
            Figures f = new Figures(num(m.path("tcp_gbps")), num(m.path("ratios").path("tcp")), num(m.path("rr_p50_us")));
            out.merge(b.get(), f, (x, y) -> better(x, y));
        }
        return new Measurements(kernel, out);
    }

    static Optional<Backend> backendOf(String mode) {
        return switch (mode) {
            case "host-gw" -> Optional.of(Backend.HOST_GW);
            case "vxlan" -> Optional.of(Backend.VXLAN);
            case "macvlan" -> Optional.of(Backend.MACVLAN);
            case "bgp" -> Optional.of(Backend.BGP);
            default -> mode.startsWith("udp") ? Optional.of(Backend.UDP) : Optional.empty();
        };
    }

    private static Figures better(Figures x, Figures y) {
        return !Double.isFinite(x.tcpGbps()) || Double.isFinite(y.tcpGbps()) && y.tcpGbps() > x.tcpGbps() ? y : x;
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
