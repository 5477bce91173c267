package dev.weft.node;

import dev.weft.testkit.Fabric;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import dev.weft.node.backend.PeerReconciler;
import dev.weft.node.backend.VxlanBackend;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * VXLAN across an L3 underlay: node a and b share one subnet, node c sits behind a router on
 * another (where host-gw must refuse). Pod addresses in every node's subnet answer from every
 * other node, through the tunnel; the device's MTU is the uplink's less 50. The agents' weft-ipam
 * block routes ({@link dev.weft.node.backend.BlockRoutes}) go through the tunnel too: addresses of
 * a pool's blocks and one borrowed address (each on its node's loopback) answer from every node.
 */
class VxlanNetnsTest {
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

    private record Node(String ns, SubnetLease lease, PeerReconciler peers) {
    }

    private Node start(Datastore store, String name, String ns, String ip) {
        NetNs handle = NetNs.named(ns);
        Netlink nl = Netlink.open(handle);
        closers.add(handle);
        closers.add(nl);
        VxlanBackend vxlan = VxlanBackend.ensure(nl, IpAddress.parse(ip), VxlanBackend.DEFAULT_VNI, VxlanBackend.DEFAULT_PORT);
        NodeAgent agent = new NodeAgent(new AgentConfig(name, IpAddress.parse(ip), tmp.resolve(name + "/subnet.env"),
                tmp.resolve(name + "/subnet"), vxlan.mtu(), false, vxlan.backendData()), store);
        closers.add(agent);
        SubnetLease lease = agent.start();
        vxlan.ensureLocal(lease.subnet());
        Proc.sh("ip", "-n", ns, "link", "add", "weft0", "type", "bridge");
        Proc.sh("ip", "-n", ns, "link", "set", "weft0", "up");
        PeerReconciler peers = new PeerReconciler(new SubnetManager(store), vxlan, name, Duration.ofMillis(200))
                .withBlockRoutes(new dev.weft.node.backend.BlockRoutes(nl, store, "pods", name, "weft0", vxlan));
        closers.add(peers);
        // a "pod" address in this node's subnet, on a local veth
        String pod = lease.subnet().network().plus(2).toString();
        Proc.sh("ip", "-n", ns, "link", "add", "pod0", "type", "veth", "peer", "name", "pod1");
        Proc.sh("ip", "-n", ns, "addr", "add", pod + "/24", "dev", "pod0");
        Proc.sh("ip", "-n", ns, "link", "set", "pod0", "up");
        Proc.sh("ip", "-n", ns, "link", "set", "pod1", "up");
        return new Node(ns, lease, peers);
    }

    private static String podOf(Node n) {
        return n.lease().subnet().network().plus(2).toString();
    }

    @Test
    @RequiresRoot
    void podsReachEachOtherAcrossL2AndL3() {
        fabric = new Fabric();
        String na = fabric.node("a", "192.0.2.1/24");
        String nb = fabric.node("b", "192.0.2.2/24");
        String nc = fabric.node("c", "198.51.100.3/24");
        fabric.router("192.0.2.254/24", "198.51.100.254/24");
        Proc.sh("ip", "-n", na, "route", "add", "default", "via", "192.0.2.254");
        Proc.sh("ip", "-n", nb, "route", "add", "default", "via", "192.0.2.254");
        Proc.sh("ip", "-n", nc, "route", "add", "default", "via", "198.51.100.254");

        Datastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
        new SubnetManager(store).init(ClusterConfig.of(Cidr.parse("10.251.0.0/16"), 24, "vxlan"));
        List<Node> nodes = List.of(start(store, "a", na, "192.0.2.1"), start(store, "b", nb, "192.0.2.2"),
                start(store, "c", nc, "198.51.100.3"));
        // pool addresses: a and c claim the two blocks, b borrows; each lives on its node's loopback
        new dev.weft.ipam.cluster.PoolAdmin(store).add(new dev.weft.ipam.cluster.PoolSpec("pods", "10.61.0.0/27",
                java.util.Optional.of(28), List.of(), java.util.Optional.empty(), false));
        dev.weft.ipam.cluster.ClusterIpam ipam = new dev.weft.ipam.cluster.ClusterIpam(store);
        List<String> poolIps = new ArrayList<>();
        for (Node n : List.of(nodes.get(0), nodes.get(2), nodes.get(1))) {
            String name = n == nodes.get(0) ? "a" : n == nodes.get(1) ? "b" : "c";
            String ip = ipam.allocate(dev.weft.ipam.cluster.AllocationRequest.of(name,
                    dev.weft.ipam.cluster.AttachmentId.of("p" + name, "eth0"), "pods")).ip().toString();
            Proc.sh("ip", "-n", n.ns(), "addr", "add", ip + "/32", "dev", "lo");
            poolIps.add(ip);
        }
        nodes.forEach(n -> n.peers().reconcile());
        assertThat(Proc.sh("ip", "-n", na, "route", "show", "proto", "87")).as("b's borrowed address via b's VTEP")
                .contains(poolIps.get(2) + " via " + nodes.get(1).lease().subnet().network() + " dev weft.1");
        for (Node from : nodes) {
            for (String ip : poolIps) {
                assertThat(Proc.sh("ip", "netns", "exec", from.ns(), "ping", "-c", "1", "-W", "2", ip))
                        .as(from.ns() + " -> pool address " + ip).contains("1 received");
            }
        }

        assertThat(Proc.sh("ip", "-n", na, "-d", "link", "show", "weft.1")).contains("vxlan id 1").contains("dstport 8472")
                .contains("nolearning").contains("mtu 1450");
        for (Node from : nodes) {
            for (Node to : nodes) {
                if (from != to) {
                    assertThat(Proc.sh("ip", "netns", "exec", from.ns(), "ping", "-c", "1", "-W", "2", podOf(to)))
                            .as(from.ns() + " -> " + podOf(to)).contains("1 received");
                }
            }
        }
        assertThat(nodes.get(0).peers().refused()).isEmpty();
        assertThat(Proc.sh("ip", "-n", na, "route")).contains(nodes.get(2).lease().subnet() + " via "
                + nodes.get(2).lease().subnet().network() + " dev weft.1").contains("onlink");
    }
}
