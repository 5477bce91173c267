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
 * other node, through the tunnel; the device's MTU is the uplink's less 50.
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
        PeerReconciler peers = new PeerReconciler(new SubnetManager(store), vxlan, name, Duration.ofMillis(200));
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
        nodes.forEach(n -> n.peers().reconcile());

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
