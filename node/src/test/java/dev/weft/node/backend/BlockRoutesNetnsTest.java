package dev.weft.node.backend;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.ipam.cluster.Allocation;
import dev.weft.ipam.cluster.AllocationRequest;
import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.ClusterIpam;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.PoolSpec;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Fabric;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BlockRoutes} on host-gw across three node namespaces on one fabric: each node routes the
 * others' blocks via them and its own block to its bridge; a borrowed address gets its /32 via the
 * borrower everywhere and to the borrower's bridge there; the /32 goes when the borrow is released;
 * a stale route of protocol 87 (a previous run's) is removed and a route of another protocol kept.
 * Rounds are called synchronously (no timing).
 */
@RequiresRoot
class BlockRoutesNetnsTest {
    private static final String POOL = "pods";
    @TempDir
    Path tmp;
    private final List<AutoCloseable> closers = new ArrayList<>();
    private Fabric fabric;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
        if (fabric != null) {
            fabric.close();
        }
    }

    private PeerReconciler node(Datastore store, String name, String ns, String ip) {
        SubnetManager subnets = new SubnetManager(store);
        SubnetLease lease = subnets.acquire(name, IpAddress.parse(ip), Map.of(), Optional.empty());
        assertThat(lease.node()).isEqualTo(name);
        Proc.sh("ip", "-n", ns, "link", "add", "weft0", "type", "bridge");
        Proc.sh("ip", "-n", ns, "link", "set", "weft0", "up");
        NetNs handle = NetNs.named(ns);
        Netlink nl = Netlink.open(handle);
        HostGwBackend backend = new HostGwBackend(nl, IpAddress.parse(ip));
        PeerReconciler peers = new PeerReconciler(subnets, backend, name, Duration.ofMinutes(10))
                .withBlockRoutes(new BlockRoutes(nl, store, POOL, name, "weft0", backend));
        closers.add(handle);
        closers.add(nl);
        closers.add(peers);
        return peers;
    }

    private static String routes(String ns) {
        return Proc.sh("ip", "-n", ns, "route", "show", "proto", "87");
    }

    @Test
    void blocksAndBorrowedAddressesAreRoutedAndForgotten() {
        fabric = new Fabric();
        String a = fabric.node("a", "192.0.2.1/24");
        String b = fabric.node("b", "192.0.2.2/24");
        String c = fabric.node("c", "192.0.2.3/24");
        Datastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
        closers.add(store);
        new SubnetManager(store).init(ClusterConfig.of(Cidr.parse("10.250.0.0/16"), 24, "host-gw").withPool(POOL));
        new PoolAdmin(store).add(new PoolSpec(POOL, "10.61.0.0/27", Optional.of(28), List.of(), Optional.empty(), false));
        ClusterIpam ipam = new ClusterIpam(store);
        Allocation onA = ipam.allocate(AllocationRequest.of("a", AttachmentId.of("pa", "eth0"), POOL));
        Allocation onB = ipam.allocate(AllocationRequest.of("b", AttachmentId.of("pb", "eth0"), POOL));
        Allocation borrowed = ipam.allocate(AllocationRequest.of("c", AttachmentId.of("pc", "eth0"), POOL));
        Cidr blockA = Cidr.of(onA.ip(), 28);
        Cidr blockB = Cidr.of(onB.ip(), 28);
        assertThat(blockA).isNotEqualTo(blockB);
        assertThat(Cidr.of(borrowed.ip(), 28)).as("c borrowed: the pool has no free block").isIn(blockA, blockB);

        List<PeerReconciler> nodes = List.of(node(store, "a", a, "192.0.2.1"), node(store, "b", b, "192.0.2.2"),
                node(store, "c", c, "192.0.2.3"));
        Proc.sh("ip", "-n", a, "route", "add", "10.99.0.0/24", "dev", "weft0", "proto", "87"); // a previous run's
        Proc.sh("ip", "-n", a, "route", "add", "10.98.0.0/24", "dev", "weft0"); // someone else's
        nodes.forEach(PeerReconciler::reconcile);

        assertThat(routes(a)).contains(blockB + " via 192.0.2.2 dev eth0", blockA + " dev weft0",
                borrowed.ip() + " via 192.0.2.3 dev eth0").doesNotContain("10.99.0.0");
        assertThat(Proc.sh("ip", "-n", a, "route")).as("not ours: kept").contains("10.98.0.0/24 dev weft0");
        assertThat(routes(b)).contains(blockA + " via 192.0.2.1 dev eth0", blockB + " dev weft0",
                borrowed.ip() + " via 192.0.2.3 dev eth0");
        assertThat(routes(c)).contains(blockA + " via 192.0.2.1 dev eth0", blockB + " via 192.0.2.2 dev eth0",
                borrowed.ip() + " dev weft0");
        assertThat(Proc.sh("ip", "-n", a, "route", "get", borrowed.ip().toString())).as("the /32 wins over the block")
                .contains("via 192.0.2.3");

        assertThat(ipam.release(AttachmentId.of("pc", "eth0"))).isNotEmpty();
        nodes.forEach(PeerReconciler::reconcile);
        for (String ns : List.of(a, b, c)) {
            assertThat(routes(ns)).as(ns).doesNotContain(borrowed.ip() + " ").contains(blockA.toString(), blockB.toString());
        }
    }
}
