package dev.weft.node.backend.bgp;

import dev.weft.bgp.bird.BirdPool;
import dev.weft.ipam.cluster.Pool;
import dev.weft.ipam.cluster.RoutingView;
import dev.weft.net.Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * One node's share of a weft-ipam pool as its BIRD announces and imports it, from the cluster
 * IPAM's routing view; pure. Own: the blocks this node holds and the addresses it borrowed (from
 * anyone's block, or from a block nobody holds any more). Others: every other node's blocks and
 * borrowed addresses (a block nobody holds is announced by nobody; its addresses still in use are
 * borrowed by definition and announced by whoever holds them).
 */
final class PoolInputs {
    private PoolInputs() {
    }

    static BirdPool of(Pool pool, RoutingView view, String node) {
        List<Cidr> borrowed = view.borrowedBy(node).stream().map(Cidr::host).toList();
        List<Cidr> others = new ArrayList<>();
        view.blocksByNode().forEach((n, blocks) -> {
            if (!n.equals(node)) {
                others.addAll(blocks);
            }
        });
        view.borrowed().stream().filter(b -> !b.node().equals(node)).map(b -> Cidr.host(b.ip())).forEach(others::add);
        return new BirdPool(pool.cidr(), pool.blockSize(), view.blocksOf(node), borrowed, others);
    }
}
