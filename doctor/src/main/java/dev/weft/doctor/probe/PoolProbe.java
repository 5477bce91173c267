package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.Map;

/** Whether pods may live on the node's segment: a weft-ipam pool whose range covers the node's address. */
public final class PoolProbe {
    private PoolProbe() {
    }

    /** {@code pools}: name → range. */
    public static Finding interpret(IpAddress publicIp, Cidr segment, Map<String, Cidr> pools) {
        return pools.entrySet().stream().filter(e -> e.getValue().contains(publicIp)).findFirst()
                .map(e -> Finding.ok(ProbeNames.SEGMENT_POOL, "pool " + e.getKey() + " (" + e.getValue() + ") is on the segment"))
                .orElse(Finding.info(ProbeNames.SEGMENT_POOL, "no IP pool on the segment " + segment
                        + " (for the underlay: weft ipam pool add NAME " + segment + " --exclude ... --gateway ...)"));
    }
}
