package dev.weft.node.backend;

import dev.weft.ipam.cluster.PeerRoutes;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.netlink.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's routes as golden text, and the diff against what the kernel holds. */
class BlockRoutePlanTest {
    private static final int BRIDGE = 7;
    private static final int UPLINK = 2;
    private static final Map<String, String> PEERS = Map.of("n2", "192.0.2.2", "n3", "192.0.2.3");

    /** host-gw's next hop for the connected peers n2 and n3; n4 is not connected. */
    private static final BlockRoutePlan.NextHop HOST_GW = (peer, dst) -> Optional.ofNullable(PEERS.get(peer))
            .map(ip -> RouteSpec.via(dst, IpAddress.parse(ip), UPLINK));

    /** n1 holds .0/28 (.5 of it borrowed by n3), borrowed .20 from n2's .16/28; n4 borrowed .21. */
    private static final PeerRoutes N1 = new PeerRoutes(
            Map.of("n2", List.of(Cidr.parse("10.60.0.16/28")),
                    "n3", List.of(Cidr.parse("10.60.0.5/32"), Cidr.parse("10.60.0.32/28")),
                    "n4", List.of(Cidr.parse("10.60.0.21/32"))),
            List.of(Cidr.parse("10.60.0.0/28")), List.of(Cidr.parse("10.60.0.20/32")));

    @Test
    void peersThroughTheirNextHopThenTheNodesOwnOnTheBridge() {
        BlockRoutePlan plan = BlockRoutePlan.of(N1, HOST_GW, BRIDGE);
        assertThat(text(plan.routes())).isEqualTo("""
                10.60.0.16/28 via 192.0.2.2 dev 2
                10.60.0.5/32 via 192.0.2.3 dev 2
                10.60.0.32/28 via 192.0.2.3 dev 2
                10.60.0.0/28 dev 7
                10.60.0.20/32 dev 7
                """);
        assertThat(plan.unrouted()).as("n4 is not connected: its borrowed address waits").containsExactly("n4");
    }

    @Test
    void onBgpOnlyTheNodesOwnShareIsRouted_andNoPeerWaits() {
        BlockRoutePlan plan = BlockRoutePlan.of(N1.localOnly(), HOST_GW, BRIDGE);
        assertThat(text(plan.routes())).isEqualTo("""
                10.60.0.0/28 dev 7
                10.60.0.20/32 dev 7
                """);
        assertThat(plan.unrouted()).isEmpty();
    }

    @Test
    void withoutABridgeNothingIsRoutedLocally() {
        assertThat(text(BlockRoutePlan.of(N1, HOST_GW, 0).routes())).doesNotContain("dev 7");
    }

    @Test
    void theDiffKeepsWhatMatchesReplacesWhatMovedAndDeletesTheRest() {
        List<RouteSpec> wanted = BlockRoutePlan.of(N1, HOST_GW, BRIDGE).routes();
        List<RouteSpec> present = List.of(
                RouteSpec.via(Cidr.parse("10.60.0.16/28"), IpAddress.parse("192.0.2.2"), UPLINK).withScope(0), // as decoded
                RouteSpec.via(Cidr.parse("10.60.0.20/32"), IpAddress.parse("192.0.2.2"), UPLINK), // n1 borrowed it since
                RouteSpec.onLink(Cidr.parse("10.60.0.6/32"), BRIDGE), // released
                RouteSpec.onLink(Cidr.parse("10.60.0.0/28"), BRIDGE).withPriority(100), // a replace cannot reach it
                RouteSpec.via(Cidr.parse("10.60.0.16/28"), IpAddress.parse("192.0.2.2"), UPLINK)); // a second one
        BlockRoutePlan.Diff d = BlockRoutePlan.diff(wanted, present);
        assertThat(text(d.replace())).isEqualTo("""
                10.60.0.5/32 via 192.0.2.3 dev 2
                10.60.0.32/28 via 192.0.2.3 dev 2
                10.60.0.0/28 dev 7
                10.60.0.20/32 dev 7
                """);
        assertThat(text(d.delete())).isEqualTo("""
                10.60.0.6/32 dev 7
                10.60.0.0/28 dev 7 metric 100
                10.60.0.16/28 via 192.0.2.2 dev 2
                """);
        assertThat(BlockRoutePlan.diff(wanted, wanted).isEmpty()).as("converged: nothing to do").isTrue();
        assertThat(text(BlockRoutePlan.diff(List.of(), present).delete())).hasLineCount(present.size());
    }

    private static String text(List<RouteSpec> routes) {
        return routes.stream().map(r -> r.dst() + (r.gateway() == null ? "" : " via " + r.gateway()) + " dev " + r.oif()
                + (r.priority() > 0 ? " metric " + r.priority() : "") + "\n").collect(Collectors.joining());
    }
}
