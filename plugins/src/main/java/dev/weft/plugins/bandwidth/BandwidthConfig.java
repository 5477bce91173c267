package dev.weft.plugins.bandwidth;

import dev.weft.cni.config.Bandwidth;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * weft-bandwidth's configuration, with the reference's keys: {@code ingressRate} and
 * {@code egressRate} in bits per second, {@code ingressBurst} and {@code egressBurst} in bits,
 * each rate with its burst; 0 (or both absent) leaves that direction unshaped. Given in the
 * plugin's own configuration they win over the {@code bandwidth} capability
 * ({@code runtimeConfig.bandwidth}), as in the reference (any of the four keys present makes the
 * configuration static). "Ingress" is traffic into the container, "egress" traffic from it.
 *
 * <p>{@code shapedSubnets}/{@code unshapedSubnets} need the HTB layout the reference introduced and
 * reverted (containernetworking/plugins#1105); weft shapes with TBF and refuses them rather than
 * shaping everything silently.
 */
public record BandwidthConfig(Direction ingress, Direction egress) {
    /** The largest burst in bits whose byte count fits the kernel's 32-bit field. */
    static final long MAX_BURST_BITS = 0xFFFF_FFFEL * 8;

    /** One direction: {@code rateBits} bit/s with a bucket of {@code burstBits}; none when rate is 0. */
    public record Direction(long rateBits, long burstBits, String rateField, String burstField) {
        public boolean shaped() {
            return rateBits > 0;
        }

        public long burstBytes() {
            return burstBits / 8;
        }
    }

    public boolean isZero() {
        return !ingress.shaped() && !egress.shaped();
    }

    public static BandwidthConfig parse(ObjectNode stdin, RuntimeConfig runtime) {
        Fields f = Fields.ofConfig(stdin, "");
        refuseSubnets(f);
        if (f.has("runtimeConfig") && f.nested("runtimeConfig").has("bandwidth")) {
            refuseSubnets(f.nested("runtimeConfig").nested("bandwidth").goKeys());
        }
        boolean isStatic = List.of("ingressRate", "ingressBurst", "egressRate", "egressBurst").stream().anyMatch(f::has);
        if (isStatic) {
            return new BandwidthConfig(
                    direction(f, f.longInteger("ingressRate").orElse(0L), f.longInteger("ingressBurst").orElse(0L), "ingress"),
                    direction(f, f.longInteger("egressRate").orElse(0L), f.longInteger("egressBurst").orElse(0L), "egress"));
        }
        Optional<Bandwidth> cap = runtime.bandwidth();
        Fields rc = f.nested("runtimeConfig").nested("bandwidth");
        Bandwidth b = cap.orElse(new Bandwidth(0, 0, 0, 0));
        return new BandwidthConfig(direction(rc, b.ingressRate(), b.ingressBurst(), "ingress"),
                direction(rc, b.egressRate(), b.egressBurst(), "egress"));
    }

    private static void refuseSubnets(Fields f) {
        for (String k : List.of("shapedSubnets", "unshapedSubnets")) {
            if (f.has(k)) {
                throw f.error(k, "is not supported: weft-bandwidth shapes all of a container's traffic with TBF "
                        + "(the reference's HTB subnet classes were reverted, containernetworking/plugins#1105)");
            }
        }
    }

    private static Direction direction(Fields f, long rate, long burst, String dir) {
        String rateField = dir + "Rate";
        String burstField = dir + "Burst";
        if (rate < 0) {
            throw f.error(rateField, "must not be negative");
        }
        if (burst < 0) {
            throw f.error(burstField, "must not be negative");
        }
        if (rate > 0 && burst == 0) {
            throw f.error(burstField, "must be set when " + rateField + " is (the bucket size in bits)");
        }
        if (burst > 0 && rate == 0) {
            throw f.error(rateField, "must be set when " + burstField + " is (bits per second)");
        }
        if (rate > 0 && rate < 8) {
            throw f.error(rateField, "must be at least 8 bit/s, not " + rate);
        }
        if (burst > MAX_BURST_BITS) {
            throw f.error(burstField, "cannot be more than 4 GB (" + MAX_BURST_BITS + " bits), not " + burst);
        }
        return new Direction(rate, burst, f.path(rateField), f.path(burstField));
    }
}
