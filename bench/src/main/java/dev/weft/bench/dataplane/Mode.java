package dev.weft.bench.dataplane;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A data path between two endpoints, with the lab backend it needs (and that backend's options:
 * the udp modes each run a lab of their own, one per datapath) and the share of underlay
 * throughput it is expected to reach (none for the reference, the same-node case and the udp
 * overlays, whose goal is a ratio to VXLAN, see {@link #vxlanGoal()}). The bgp modes run on an
 * {@code l3} lab (two subnets, FRR as the router between them): {@code bgp} is pod to pod across
 * that router, compared with {@code underlay-routed}, node to node across the same router.
 */
public enum Mode {
    UNDERLAY("host-gw", OptionalDouble.empty()),
    BRIDGE_SAME_NODE("host-gw", OptionalDouble.empty()),
    HOST_GW("host-gw", OptionalDouble.of(0.8)),
    VXLAN("vxlan", OptionalDouble.of(0.75)),
    MACVLAN("macvlan", OptionalDouble.of(0.9)),
    UNDERLAY_ROUTED("bgp", OptionalDouble.empty()),
    BGP("bgp", OptionalDouble.of(0.9)),
    UDP_SIMPLE("udp", List.of("--udp-datapath", "simple"), OptionalDouble.empty()),
    UDP_BATCHED("udp", List.of("--udp-datapath", "batched"), OptionalDouble.empty()),
    UDP_OFFLOAD("udp", List.of("--udp-datapath", "offload"), OptionalDouble.of(0.6));

    private final String backend;
    private final List<String> backendOptions;
    private final OptionalDouble goal;
    private final OptionalDouble vxlanGoal;

    Mode(String backend, OptionalDouble goal) {
        this.backend = backend;
        this.backendOptions = List.of();
        this.goal = goal;
        this.vxlanGoal = OptionalDouble.empty();
    }

    Mode(String backend, List<String> backendOptions, OptionalDouble vxlanGoal) {
        this.backend = backend;
        this.backendOptions = backendOptions;
        this.goal = OptionalDouble.empty();
        this.vxlanGoal = vxlanGoal;
    }

    /** The options for {@code weft cluster init} this mode's lab needs (empty for the kernel backends). */
    public List<String> backendOptions() {
        return backendOptions;
    }

    /**
     * The lab this mode's endpoints live in: one per backend, and one per udp datapath
     * ({@code host-gw}, {@code vxlan}, {@code udp-simple}, …).
     */
    public String lab() {
        return backendOptions.isEmpty() ? backend : text();
    }

    /** The minimum TCP throughput ratio to kernel VXLAN (same repeat) this mode should reach. */
    public OptionalDouble vxlanGoal() {
        return vxlanGoal;
    }

    /** A userspace UDP overlay mode. */
    public boolean udp() {
        return backend.equals("udp");
    }

    /** The lab backend whose cluster hosts this mode's endpoints. */
    public String backend() {
        return backend;
    }

    /** The minimum throughput ratio to the underlay this mode should reach. */
    public OptionalDouble goal() {
        return goal;
    }

    /** The mode this one's ratios are taken against: node to node over the same underlay path. */
    public Mode reference() {
        return backend.equals("bgp") ? UNDERLAY_ROUTED : UNDERLAY;
    }

    /** The name on the command line and in reports: {@code bridge-same-node}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Mode parse(String s) {
        return Arrays.stream(values()).filter(m -> m.text().equals(s.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--modes: \"" + s + "\" is not one of "
                        + Arrays.stream(values()).map(Mode::text).toList()));
    }

    /**
     * Parses a comma-separated list ({@code all} for every mode), always with the underlay
     * first, because every ratio needs it, and with the reference of every mode picked.
     */
    public static List<Mode> parseList(String s) {
        if (s.isBlank() || s.strip().equals("all")) {
            return List.of(values());
        }
        List<Mode> picked = Arrays.stream(s.split(",")).filter(x -> !x.isBlank()).map(Mode::parse).distinct().toList();
        return Arrays.stream(values()).filter(m -> m == UNDERLAY || picked.contains(m)
                || picked.stream().anyMatch(p -> p.reference() == m)).toList();
    }
}
