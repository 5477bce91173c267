package dev.weft.doctor.advice;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.weft.doctor.finding.ProbeNames.BGP_PEER;
import static dev.weft.doctor.finding.ProbeNames.KERNEL_MACVLAN;
import static dev.weft.doctor.finding.ProbeNames.KERNEL_TUN;
import static dev.weft.doctor.finding.ProbeNames.KERNEL_VXLAN;
import static dev.weft.doctor.finding.ProbeNames.PEERS_ON_LINK;
import static dev.weft.doctor.finding.ProbeNames.SEGMENT_EXTRA_MACS;
import static dev.weft.doctor.finding.ProbeNames.SEGMENT_POOL;

/**
 * Chooses a backend from the probes' findings, a pure function. The order is the issue's: the
 * underlay (macvlan) when the kernel has macvlan, the segment accepts extra MACs and an IP pool
 * lets pods live on it; host-gw when every other node is on-link; bgp when routers sit between the
 * nodes and a BGP peer is configured and up; vxlan otherwise; udp only when even vxlan is missing.
 * A backend is refused by the first of its probes that is not {@link Status#OK} (a probe that did
 * not run counts as not OK), and the reason names that probe.
 */
public final class Advisor {
    private Advisor() {
    }

    public static Advice advise(List<Finding> findings, Optional<Measurements> measured) {
        Map<String, Finding> byName = new LinkedHashMap<>();
        findings.forEach(f -> byName.putIfAbsent(f.name(), f));
        List<Reason> reasons = new ArrayList<>();
        for (Backend b : Backend.values()) {
            Reason r = weigh(b, byName, measured.map(m -> m.of(b).map(Measurements.Figures::text).orElse("")).orElse(""));
            reasons.add(r);
            if (r.accepted()) {
                return new Advice(Optional.of(b), reasons);
            }
        }
        return new Advice(Optional.empty(), reasons);
    }

    private static Reason weigh(Backend b, Map<String, Finding> f, String measured) {
        return switch (b) {
            case MACVLAN -> require(b, f, measured, List.of(KERNEL_MACVLAN, SEGMENT_EXTRA_MACS, SEGMENT_POOL),
                    "the segment accepts extra MACs and pods can take addresses on it");
            case HOST_GW -> require(b, f, measured, List.of(PEERS_ON_LINK), "every other node is on-link");
            case BGP -> bgp(f, measured);
            case VXLAN -> require(b, f, measured, List.of(KERNEL_VXLAN), "the kernel has vxlan");
            case UDP -> require(b, f, measured, List.of(KERNEL_TUN), "the kernel has tun (user-space overlay)");
        };
    }

    /**
     * bgp needs routers between the nodes (the on-link probe's warning: host-gw cannot cross them;
     * on one segment host-gw was chosen already, and a failed probe is no reason to peer) and a
     * BGP peer that is up.
     */
    private static Reason bgp(Map<String, Finding> f, String measured) {
        Finding onLink = f.get(PEERS_ON_LINK);
        if (onLink == null || onLink.status() != Status.WARN) {
            return new Reason(Backend.BGP, false, PEERS_ON_LINK,
                    onLink == null ? "not probed" : "no router seen between the nodes (" + onLink.observed() + ")", measured);
        }
        Finding peer = f.get(BGP_PEER);
        if (peer == null || !peer.ok()) {
            return new Reason(Backend.BGP, false, BGP_PEER, peer == null ? "not probed" : peer.observed(), measured);
        }
        return new Reason(Backend.BGP, true, BGP_PEER, "routers sit between the nodes and a BGP peer is up: " + peer.observed(), measured);
    }

    private static Reason require(Backend b, Map<String, Finding> f, String measured, List<String> probes, String yes) {
        for (String p : probes) {
            Finding x = f.get(p);
            if (x == null) {
                return new Reason(b, false, p, "not probed", measured);
            }
            if (!x.ok()) {
                return new Reason(b, false, p, x.observed(), measured);
            }
        }
        return new Reason(b, true, probes.getLast(), yes, measured);
    }
}
