package dev.weft.node.backend.bgp;

import dev.weft.bgp.bird.BirdPool;
import dev.weft.ipam.cluster.PeerRoutes;
import dev.weft.ipam.cluster.Pool;
import dev.weft.ipam.cluster.RoutingView;
import dev.weft.net.Cidr;

import java.util.List;

/**
 * One node's share of a weft-ipam pool as its BIRD announces and imports it, from the cluster
 * IPAM's routing view through the same partition the agent routes by ({@link PeerRoutes}); pure.
 * Own: the blocks this node holds and the addresses it borrowed (from anyone's block, or from a
 * block nobody holds any more). Others: every other node's blocks and borrowed addresses, what
 * {@code PeerRoutes} routes via the peers (a block nobody holds is announced by nobody; its
 * addresses still in use are borrowed by definition and announced by whoever holds them).
 */
final class PoolInputs {
    private PoolInputs() {
    }

    static BirdPool of(Pool pool, RoutingView view, String node) {
        PeerRoutes routes = PeerRoutes.of(view, node);
        List<Cidr> others = routes.viaPeer().values().stream().flatMap(List::stream).toList();
        return new BirdPool(pool.cidr(), pool.blockSize(), routes.ownBlocks(), routes.local(), others);
    }
}
