package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerRoutesTest {
    private static final Cidr N1_BLOCK = Cidr.parse("10.60.0.0/28");
    private static final Cidr N2_BLOCK = Cidr.parse("10.60.0.16/28");
    private static final Cidr ORPHAN = Cidr.parse("10.60.0.32/28");

    /** n2 borrowed .5 from n1's block, n3 (no block of its own) borrowed .6 from n1 and .20 from n2. */
    private static final RoutingView VIEW = new RoutingView(
            Map.of("n1", List.of(N1_BLOCK), "n2", List.of(N2_BLOCK)),
            List.of(new RoutingView.Borrowed(IpAddress.parse("10.60.0.5"), "n2", N1_BLOCK, Optional.of("n1")),
                    new RoutingView.Borrowed(IpAddress.parse("10.60.0.6"), "n3", N1_BLOCK, Optional.of("n1")),
                    new RoutingView.Borrowed(IpAddress.parse("10.60.0.20"), "n3", N2_BLOCK, Optional.of("n2"))),
            List.of(ORPHAN));

    @Test
    void eachPeerGetsItsBlocksAndTheHostRoutesOfWhatItBorrowed() {
        PeerRoutes n1 = PeerRoutes.of(VIEW, "n1");
        assertThat(n1.of("n2")).containsExactly(Cidr.parse("10.60.0.5/32"), N2_BLOCK);
        assertThat(n1.of("n3")).containsExactly(Cidr.parse("10.60.0.6/32"), Cidr.parse("10.60.0.20/32"));
        assertThat(n1.of("n1")).as("never a route to itself").isEmpty();
        assertThat(n1.local()).as("n1 borrowed nothing").isEmpty();
    }

    @Test
    void aBorrowerRoutesItsOwnBorrowedAddressesLocally() {
        PeerRoutes n2 = PeerRoutes.of(VIEW, "n2");
        assertThat(n2.local()).containsExactly(Cidr.parse("10.60.0.5/32"));
        assertThat(n2.of("n1")).containsExactly(N1_BLOCK);
        assertThat(n2.of("n3")).containsExactly(Cidr.parse("10.60.0.6/32"), Cidr.parse("10.60.0.20/32"));
        PeerRoutes n3 = PeerRoutes.of(VIEW, "n3");
        assertThat(n3.local()).containsExactly(Cidr.parse("10.60.0.6/32"), Cidr.parse("10.60.0.20/32"));
        assertThat(n3.viaPeer()).containsOnlyKeys("n1", "n2");
    }

    @Test
    void blocksOfNoNodeGetNoRouteAndBadNodesAreNamed() {
        assertThat(PeerRoutes.of(VIEW, "n1").viaPeer().values()).allSatisfy(cs -> assertThat(cs).doesNotContain(ORPHAN));
        assertThatThrownBy(() -> PeerRoutes.of(VIEW, "bad/node")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node");
    }
}
