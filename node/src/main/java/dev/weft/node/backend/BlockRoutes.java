package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.ipam.cluster.IpamKeys;
import dev.weft.ipam.cluster.PeerRoutes;
import dev.weft.ipam.cluster.RoutingView;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.store.Datastore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes for bridge pods addressed from a weft-ipam pool (the cluster's {@code pool} on host-gw or
 * vxlan): each peer's blocks and the addresses it borrowed via that peer, this node's own blocks
 * and borrowed addresses on-link to the pods' bridge ({@link PeerRoutes}, {@link BlockRoutePlan}).
 * Run by the {@link PeerReconciler} at the end of each round, after the peers' own routes (the
 * VXLAN neighbours these routes go through exist then). On bgp ({@link Backend#announcesPoolBlocks})
 * only this node's own share: BIRD announces it and installs the peers' (metric 119). Woken by a watch on the pool's block keys
 * besides the reconciler's own triggers. Every route it installs carries routing protocol
 * {@value #PROTOCOL} ({@code proto 87} in {@code ip route}): it lists its own routes back from the
 * kernel each round and deletes those no longer wanted, also after a restart; routes of other
 * protocols are never touched.
 */
public final class BlockRoutes {
    private static final System.Logger LOG = System.getLogger(BlockRoutes.class.getName());
    /** The rtm_protocol of these routes (87, 'W'; unassigned in iproute2's rt_protos). */
    public static final int PROTOCOL = 87;

    private final Netlink nl;
    private final Datastore store;
    private final String pool;
    private final String self;
    private final String bridge;
    private final Backend backend;
    private final AtomicReference<List<String>> lastUnrouted = new AtomicReference<>(List.of());
    private volatile int installed;

    /** For this node {@code self}, the pool {@code pool}'s routes, local pods on the bridge named {@code bridge}. */
    public BlockRoutes(Netlink nl, Datastore store, String pool, String self, String bridge, Backend backend) {
        this.nl = nl;
        this.store = store;
        this.pool = pool;
        this.self = self;
        this.bridge = bridge;
        this.backend = backend;
    }

    /**
     * One pass: reads the pool's blocks, plans, and makes this agent's routes in the kernel equal to
     * the plan; {@code connected} are the peers whose own routes are in place, by node. A route the
     * kernel refuses is logged and tried again next pass; the others are applied regardless.
     */
    public void ensure(Map<String, SubnetLease> connected) {
        PeerRoutes all = PeerRoutes.of(RoutingView.read(store, pool), self);
        PeerRoutes plan = backend.announcesPoolBlocks() ? all.localOnly() : all; // bgp: BIRD routes the peers' share
        int bridgeIndex = nl.links().get(bridge).map(LinkInfo::index).orElse(0);
        BlockRoutePlan p = BlockRoutePlan.of(plan, (peer, dst) -> Optional.ofNullable(connected.get(peer))
                .flatMap(l -> backend.routeVia(l, dst)), bridgeIndex);
        BlockRoutePlan.Diff d = BlockRoutePlan.diff(p.routes(), nl.routes().listByProtocol(PROTOCOL));
        for (RouteSpec r : d.delete()) {
            nl.routes().deleteIfExists(r);
        }
        int failed = 0;
        for (RouteSpec r : d.replace()) {
            try {
                nl.routes().replace(r, PROTOCOL);
            } catch (RuntimeException e) {
                failed++;
                LOG.log(System.Logger.Level.WARNING, "pool " + pool + ": cannot install the route to " + r.dst(), e);
            }
        }
        installed = p.routes().size() - failed;
        if (!p.unrouted().equals(lastUnrouted.getAndSet(p.unrouted())) && !p.unrouted().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "pool " + pool + ": no route yet to the blocks or borrowed addresses of "
                    + p.unrouted() + " (not connected, or the " + "backend routes nothing beyond their subnets)");
        }
        if (!d.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "pool " + pool + ": " + d.replace().size() + " routes set, "
                    + d.delete().size() + " removed, " + installed + " in place");
        }
    }

    /** Wakes {@code wake} on every change of the pool's blocks (claims, releases, borrows); the handle stops it. */
    public AutoCloseable watch(Runnable wake) {
        return store.watch(IpamKeys.blocksOf(pool), store.revision(), e -> wake.run());
    }

    /** How many of the last pass's routes are in place. */
    public int installed() {
        return installed;
    }

    public String pool() {
        return pool;
    }
}
