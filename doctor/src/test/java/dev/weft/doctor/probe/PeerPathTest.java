package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Status;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** On-link or routed, from the routing and neighbour tables of an l2 and an l3 lab node. */
class PeerPathTest {
    private static final IpAddress N2 = IpAddress.parse("172.30.0.12");
    private static final IpAddress N4 = IpAddress.parse("172.30.1.14");
    private static final List<RouteSpec> ROUTES = List.of(
            RouteSpec.via(Cidr.parse("0.0.0.0/0"), IpAddress.parse("172.30.0.1"), 2),
            RouteSpec.onLink(Cidr.parse("172.30.0.0/24"), 2),
            RouteSpec.via(Cidr.parse("10.244.7.0/24"), IpAddress.parse("172.30.0.12"), 2),
            RouteSpec.onLink(Cidr.parse("10.244.3.0/24"), 3).inTable(100));
    private static final Neighbour N2_REACHABLE = new Neighbour(Neighbour.Kind.NEIGHBOUR, 2, N2,
            MacAddress.parse("02:00:00:00:00:12"), Neighbour.NUD_REACHABLE);

    @Test
    void connectedRouteAndAResolvedNeighbour_onLink() {
        assertThat(PeerPath.classify("n2", N2, ROUTES, List.of(N2_REACHABLE)).kind()).isEqualTo(PeerPath.Kind.ON_LINK);
        Neighbour stale = new Neighbour(Neighbour.Kind.NEIGHBOUR, 2, N2, MacAddress.parse("02:00:00:00:00:12"), 0x04);
        assertThat(PeerPath.classify("n2", N2, ROUTES, List.of(stale)).kind()).isEqualTo(PeerPath.Kind.ON_LINK);
    }

    @Test
    void connectedRouteButARPFailed_unresolved() {
        Neighbour failed = new Neighbour(Neighbour.Kind.NEIGHBOUR, 2, N2, null, 0x20);
        PeerPath p = PeerPath.classify("n2", N2, ROUTES, List.of(failed));
        assertThat(p.kind()).isEqualTo(PeerPath.Kind.UNRESOLVED);
        assertThat(PeerPath.classify("n2", N2, ROUTES, List.of()).kind()).isEqualTo(PeerPath.Kind.UNRESOLVED);
        assertThat(OnLinkProbe.interpret(List.of(p)).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void onlyTheDefaultRouteMatches_routedThroughItsGateway() {
        PeerPath p = PeerPath.classify("n4", N4, ROUTES, List.of());
        assertThat(p.kind()).isEqualTo(PeerPath.Kind.ROUTED);
        assertThat(p.text()).isEqualTo("n4 172.30.1.14 via router 172.30.0.1");
    }

    @Test
    void otherTablesAndNoMatch() {
        assertThat(PeerPath.classify("x", IpAddress.parse("10.244.3.5"), List.of(ROUTES.get(3)), List.of()).kind())
                .isEqualTo(PeerPath.Kind.NO_ROUTE);
    }

    @Test
    void theProbesFinding_okWarnInfo() {
        PeerPath on = PeerPath.classify("n2", N2, ROUTES, List.of(N2_REACHABLE));
        PeerPath routed = PeerPath.classify("n4", N4, ROUTES, List.of());
        assertThat(OnLinkProbe.interpret(List.of(on)).status()).isEqualTo(Status.OK);
        var w = OnLinkProbe.interpret(List.of(on, routed));
        assertThat(w.status()).isEqualTo(Status.WARN);
        assertThat(w.observed()).isEqualTo("routers sit between the nodes: n4 172.30.1.14 via router 172.30.0.1");
        assertThat(OnLinkProbe.interpret(List.of()).status()).isEqualTo(Status.INFO);
    }
}
