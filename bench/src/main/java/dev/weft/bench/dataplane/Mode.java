package dev.weft.bench.dataplane;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A data path between two endpoints, with the lab backend it needs and the share of underlay
 * throughput it is expected to reach (none for the reference and the same-node case).
 */
public enum Mode {
    UNDERLAY("host-gw", OptionalDouble.empty()),
    BRIDGE_SAME_NODE("host-gw", OptionalDouble.empty()),
    HOST_GW("host-gw", OptionalDouble.of(0.8)),
    VXLAN("vxlan", OptionalDouble.of(0.75)),
    MACVLAN("host-gw", OptionalDouble.of(0.9));

    private final String backend;
    private final OptionalDouble goal;

    Mode(String backend, OptionalDouble goal) {
        this.backend = backend;
        this.goal = goal;
    }

    /** The lab backend whose cluster hosts this mode's endpoints. */
    public String backend() {
        return backend;
    }

    /** The minimum throughput ratio to the underlay this mode should reach. */
    public OptionalDouble goal() {
        return goal;
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
     * first, because every ratio needs it.
     */
    public static List<Mode> parseList(String s) {
        if (s.isBlank() || s.strip().equals("all")) {
            return List.of(values());
        }
        List<Mode> picked = Arrays.stream(s.split(",")).filter(x -> !x.isBlank()).map(Mode::parse).distinct().toList();
        return Arrays.stream(values()).filter(m -> m == UNDERLAY || picked.contains(m)).toList();
    }
}
