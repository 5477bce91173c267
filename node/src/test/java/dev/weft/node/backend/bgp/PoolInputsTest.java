package dev.weft.node.backend.bgp;

import dev.weft.bgp.bird.BirdPool;
import dev.weft.ipam.cluster.Pool;
import dev.weft.ipam.cluster.RoutingView;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What each node's BIRD announces and accepts of a pool, from the IPAM's routing view. */
class PoolInputsTest {
    static final Pool POOL = new Pool("pods", Cidr.parse("10.60.0.0/28"), 29, List.of(), Optional.empty(), false);
    static final Cidr B1 = Cidr.parse("10.60.0.0/29");
    static final Cidr B2 = Cidr.parse("10.60.0.8/29");
    /** n1 holds B1, n2 holds B2; n3 borrowed .3 from B1, n1 borrowed .9 from B2. */
    static final RoutingView VIEW = new RoutingView(Map.of("n1", List.of(B1), "n2", List.of(B2)), List.of(
            new RoutingView.Borrowed(IpAddress.parse("10.60.0.3"), "n3", B1, Optional.of("n1")),
            new RoutingView.Borrowed(IpAddress.parse("10.60.0.9"), "n1", B2, Optional.of("n2"))), List.of());

    @Test
    void ownBlocksAndBorrowsAreOriginated_theRestIsWhatOthersHold() {
        BirdPool n1 = PoolInputs.of(POOL, VIEW, "n1");
        assertThat(n1.cidr()).isEqualTo(POOL.cidr());
        assertThat(n1.blockLength()).isEqualTo(29);
        assertThat(n1.originated()).containsExactly(B1, Cidr.parse("10.60.0.9/32"));
        assertThat(n1.othersHeld()).containsExactly(Cidr.parse("10.60.0.3/32"), B2);
    }

    @Test
    void aNodeWithoutBlocksAnnouncesOnlyWhatItBorrowed() {
        BirdPool n3 = PoolInputs.of(POOL, VIEW, "n3");
        assertThat(n3.ownBlocks()).isEmpty();
        assertThat(n3.borrowed()).containsExactly(Cidr.parse("10.60.0.3/32"));
        assertThat(n3.othersHeld()).containsExactly(B1, B2, Cidr.parse("10.60.0.9/32")); // by network
    }

    @Test
    void aReleasedBorrowIsNoLongerAnnounced() {
        RoutingView after = new RoutingView(VIEW.blocksByNode(), List.of(VIEW.borrowed().get(1)), List.of());
        assertThat(PoolInputs.of(POOL, after, "n3").originated()).isEmpty();
        assertThat(PoolInputs.of(POOL, after, "n1").othersHeld()).doesNotContain(Cidr.parse("10.60.0.3/32"));
    }
}
