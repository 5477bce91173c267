package dev.weft.node.backend.bgp;

import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.cluster.SubnetLease;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.netlink.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer is connected when weft's BIRD installed a route to its subnet; otherwise the reason names the session. */
class LearnedRoutesTest {
    private static final SubnetLease N2 = new SubnetLease(Cidr.parse("10.244.2.0/24"), "n2",
            IpAddress.parse("172.30.0.12"), Map.of(), 0, 0);
    private static final SubnetLease N3 = new SubnetLease(Cidr.parse("10.244.3.0/24"), "n3",
            IpAddress.parse("172.30.1.13"), Map.of(), 0, 0);
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static RouteSpec route(String dst, int metric, int table) {
        return new RouteSpec(Cidr.parse(dst), IpAddress.parse("172.30.0.12"), 2, table, metric, null, false, false, 0, 0,
                List.of());
    }

    @Test
    void onlyBirdsRoutesInTheMainTableCount() {
        LearnedRoutes r = LearnedRoutes.of(List.of(route("10.244.2.0/24", 119, 0), route("10.244.3.0/24", 0, 0),
                route("10.244.4.0/24", 119, 100)));
        assertThat(r.reaches(N2)).isTrue();
        assertThat(r.reaches(N3)).as("a route of another source (metric 0) for the same subnet").isFalse();
        assertThat(r.subnets()).containsExactly(Cidr.parse("10.244.2.0/24"));
    }

    @Test
    void theReasonIsTheDirectSessionsStateWhenThereIsOne() {
        BgpStatus s = new BgpStatus("n1", true, List.of(new SessionStatus("n2", "node", "ibgp", "172.30.0.12", 64512,
                SessionState.ACTIVE, Optional.empty(), 0, "Socket: Connection refused")), Optional.empty(), AT);
        assertThat(LearnedRoutes.whyNot(N2, Optional.of(s))).isEqualTo(
                "bgp: no route to 10.244.2.0/24 of n2 learned yet (session with n2: Active Socket: Connection refused)");
    }

    @Test
    void withoutADirectSessionTheReasonListsTheSessionsItCouldComeFrom() {
        BgpStatus s = new BgpStatus("n1", true, List.of(new SessionStatus("tor-n1", "peer", "ebgp", "172.30.0.1", 65000,
                SessionState.ESTABLISHED, Optional.of(AT), 1, "")), Optional.empty(), AT);
        assertThat(LearnedRoutes.whyNot(N3, Optional.of(s))).endsWith("(sessions: peer tor-n1 Established)");
        BgpStatus none = new BgpStatus("n1", true, List.of(), Optional.empty(), AT);
        assertThat(LearnedRoutes.whyNot(N3, Optional.of(none))).contains("no BGP session");
        BgpStatus down = new BgpStatus("n1", false, List.of(), Optional.of("BIRD (pid 7) is gone"), AT);
        assertThat(LearnedRoutes.whyNot(N3, Optional.of(down))).contains("BIRD is not running: BIRD (pid 7) is gone");
    }
}
