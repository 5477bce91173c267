package dev.weft.doctor.advice;

import dev.weft.doctor.finding.Finding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.weft.doctor.finding.ProbeNames.BGP_PEER;
import static dev.weft.doctor.finding.ProbeNames.KERNEL_MACVLAN;
import static dev.weft.doctor.finding.ProbeNames.KERNEL_TUN;
import static dev.weft.doctor.finding.ProbeNames.KERNEL_VXLAN;
import static dev.weft.doctor.finding.ProbeNames.PEERS_ON_LINK;
import static dev.weft.doctor.finding.ProbeNames.SEGMENT_EXTRA_MACS;
import static dev.weft.doctor.finding.ProbeNames.SEGMENT_POOL;
import static org.assertj.core.api.Assertions.assertThat;

/** The advisor's table: each row a set of findings, the backend chosen and the probe behind each refusal. */
class AdvisorTest {
    /** Everything a bare-metal segment with a pool offers. */
    private static List<Finding> best() {
        return new ArrayList<>(List.of(
                Finding.ok(KERNEL_VXLAN, "supported"), Finding.ok(KERNEL_MACVLAN, "supported"), Finding.ok(KERNEL_TUN, "supported"),
                Finding.ok(PEERS_ON_LINK, "every other node is on-link: n2 172.30.0.12 on-link"),
                Finding.ok(SEGMENT_EXTRA_MACS, "answered"), Finding.ok(SEGMENT_POOL, "pool seg (172.30.0.0/24) is on the segment"),
                Finding.info(BGP_PEER, "no BGP peer configured (the cluster runs vxlan)")));
    }

    private static List<Finding> with(List<Finding> base, Finding replacement) {
        base.removeIf(f -> f.name().equals(replacement.name()));
        base.add(replacement);
        return base;
    }

    private static final Finding ROUTED = Finding.warn(PEERS_ON_LINK, "routers sit between the nodes: n2 172.30.1.12 via router 172.30.0.1", "x");

    @Test
    void segmentWithExtraMacsAndAPool_underlay() {
        Advice a = Advisor.advise(best(), Optional.empty());
        assertThat(a.backendText()).isEqualTo("macvlan");
        assertThat(a.reasons()).extracting(Reason::text).containsExactly(
                "macvlan chosen (segment.pool): the segment accepts extra MACs and pods can take addresses on it");
    }

    @Test
    void noPoolOnTheSegment_hostGw_refusalNamesThePoolProbe() {
        Advice a = Advisor.advise(with(best(), Finding.info(SEGMENT_POOL, "no IP pool on the segment 172.30.0.0/24")), Optional.empty());
        assertThat(a.reasons()).extracting(Reason::text).containsExactly(
                "macvlan refused (segment.pool): no IP pool on the segment 172.30.0.0/24",
                "host-gw chosen (peers.on-link): every other node is on-link");
    }

    @Test
    void segmentDropsExtraMacs_hostGw() {
        Advice a = Advisor.advise(with(best(), Finding.warn(SEGMENT_EXTRA_MACS, "no answer", "allow MACs")), Optional.empty());
        assertThat(a.backendText()).isEqualTo("host-gw");
        assertThat(a.reasons().getFirst().probe()).isEqualTo(SEGMENT_EXTRA_MACS);
    }

    @Test
    void routersBetweenAndABgpPeerUp_bgp() {
        List<Finding> f = with(with(with(best(), ROUTED), Finding.ok(BGP_PEER, "1 session(s) established: tor 172.30.0.1")),
                Finding.info(SEGMENT_EXTRA_MACS, "unknown: no other node on this segment to probe"));
        Advice a = Advisor.advise(f, Optional.empty());
        assertThat(a.reasons()).extracting(Reason::text).containsExactly(
                "macvlan refused (segment.extra-macs): unknown: no other node on this segment to probe",
                "host-gw refused (peers.on-link): routers sit between the nodes: n2 172.30.1.12 via router 172.30.0.1",
                "bgp chosen (bgp.peer): routers sit between the nodes and a BGP peer is up: 1 session(s) established: tor 172.30.0.1");
    }

    @Test
    void routersBetweenWithoutBgpPeer_vxlan_bgpRefusedByThePeerProbe() {
        Advice a = Advisor.advise(with(with(best(), ROUTED), Finding.info(SEGMENT_EXTRA_MACS, "unknown")), Optional.empty());
        assertThat(a.backendText()).isEqualTo("vxlan");
        assertThat(a.reasons()).extracting(Reason::backend, Reason::accepted, Reason::probe).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Backend.MACVLAN, false, SEGMENT_EXTRA_MACS),
                org.assertj.core.groups.Tuple.tuple(Backend.HOST_GW, false, PEERS_ON_LINK),
                org.assertj.core.groups.Tuple.tuple(Backend.BGP, false, BGP_PEER),
                org.assertj.core.groups.Tuple.tuple(Backend.VXLAN, true, KERNEL_VXLAN));
    }

    @Test
    void bgpPeerUpButEveryNodeOnLink_hostGwFirst() {
        Advice a = Advisor.advise(with(with(best(), Finding.ok(BGP_PEER, "up")), Finding.info(SEGMENT_POOL, "none")), Optional.empty());
        assertThat(a.backendText()).isEqualTo("host-gw");
    }

    @Test
    void aBrokenUnderlayIsNoReasonToPeer_vxlan() {
        List<Finding> f = with(with(best(), Finding.fail(PEERS_ON_LINK, "n2 has no route at all", "check")), Finding.ok(BGP_PEER, "up"));
        Advice a = Advisor.advise(with(f, Finding.info(SEGMENT_POOL, "none")), Optional.empty());
        assertThat(a.backendText()).isEqualTo("vxlan");
        assertThat(a.reasons().get(2).text()).isEqualTo("bgp refused (peers.on-link): no router seen between the nodes (n2 has no route at all)");
    }

    @Test
    void noVxlanInTheKernel_udp_andNothingAtAll_none() {
        List<Finding> f = with(with(with(best(), ROUTED), Finding.warn(KERNEL_VXLAN, "not supported by this kernel", "x")),
                Finding.info(SEGMENT_POOL, "none"));
        assertThat(Advisor.advise(f, Optional.empty()).backendText()).isEqualTo("udp");
        Advice none = Advisor.advise(with(f, Finding.warn(KERNEL_TUN, "not supported by this kernel", "x")), Optional.empty());
        assertThat(none.backend()).isEmpty();
        assertThat(none.backendText()).isEqualTo("none");
        assertThat(none.reasons()).hasSize(5).allMatch(r -> !r.accepted());
    }

    @Test
    void aProbeThatDidNotRun_refusesWithNotProbed() {
        Advice a = Advisor.advise(List.of(Finding.ok(KERNEL_VXLAN, "supported")), Optional.empty());
        assertThat(a.reasons()).extracting(Reason::text).containsExactly(
                "macvlan refused (kernel.macvlan): not probed",
                "host-gw refused (peers.on-link): not probed",
                "bgp refused (peers.on-link): not probed",
                "vxlan chosen (kernel.vxlan): the kernel has vxlan");
    }

    @Test
    void measuredFiguresAreCitedPerCandidate() {
        Measurements m = new Measurements("6.1", java.util.Map.of(
                Backend.MACVLAN, new Measurements.Figures(1.835, 0.919, 23.6),
                Backend.HOST_GW, new Measurements.Figures(2.9, Double.NaN, Double.NaN)));
        Advice a = Advisor.advise(with(best(), Finding.info(SEGMENT_POOL, "none")), Optional.of(m));
        assertThat(a.reasons()).extracting(Reason::text).containsExactly(
                "macvlan refused (segment.pool): none; measured: tcp 1.84 Gbps (0.92 of the underlay), rr p50 24 µs",
                "host-gw chosen (peers.on-link): every other node is on-link; measured: tcp 2.90 Gbps");
    }
}
