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
        assertThat(n1.ownBlocks()).containsExactly(N1_BLOCK);
        assertThat(n1.onBridge()).as("its block on its bridge; .5 and .6 have their /32 via their borrowers")
                .containsExactly(N1_BLOCK);
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
        assertThat(n3.ownBlocks()).as("n3 holds no block").isEmpty();
        assertThat(n2.onBridge()).containsExactly(N2_BLOCK, Cidr.parse("10.60.0.5/32"));
    }

    @Test
    void theViewOfOnePoolIsReadFromTheStoreWithTheBorrowedAddress(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        var store = new dev.weft.store.embedded.EmbeddedDatastore(tmp.resolve("store.json"));
        var admin = new PoolAdmin(store);
        admin.add(new PoolSpec("pods", "10.61.0.0/27", Optional.of(28), List.of(), Optional.empty(), false));
        admin.add(new PoolSpec("other", "10.62.0.0/28", Optional.of(28), List.of(), Optional.empty(), false));
        ClusterIpam ipam = new ClusterIpam(store);
        ipam.allocate(AllocationRequest.of("n1", AttachmentId.of("a", "eth0"), "pods"));
        ipam.allocate(AllocationRequest.of("n2", AttachmentId.of("b", "eth0"), "pods"));
        Allocation borrowed = ipam.allocate(AllocationRequest.of("n3", AttachmentId.of("c", "eth0"), "pods"));
        ipam.allocate(AllocationRequest.of("n4", AttachmentId.of("d", "eth0"), "other"));

        RoutingView view = RoutingView.read(store, "pods");
        assertThat(view.blocksByNode()).containsOnlyKeys("n1", "n2");
        assertThat(view.borrowedBy("n3")).containsExactly(borrowed.ip());
        PeerRoutes n1 = PeerRoutes.of(view, "n1");
        assertThat(n1.of("n3")).containsExactly(Cidr.host(borrowed.ip()));
        assertThat(n1.viaPeer()).as("the other pool is not routed here").doesNotContainKey("n4");
    }

    @Test
    void blocksOfNoNodeGetNoRouteAndBadNodesAreNamed() {
        assertThat(PeerRoutes.of(VIEW, "n1").viaPeer().values()).allSatisfy(cs -> assertThat(cs).doesNotContain(ORPHAN));
        assertThatThrownBy(() -> PeerRoutes.of(VIEW, "bad/node")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node");
    }
}
