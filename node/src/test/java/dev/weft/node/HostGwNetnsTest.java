package dev.weft.node;

import dev.weft.testkit.Fabric;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import dev.weft.node.backend.HostGwBackend;
import dev.weft.node.backend.PeerReconciler;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * host-gw across three "nodes" (namespaces) on one fabric bridge (its own namespace): routes to
 * on-link peers, a clear refusal for a peer on another subnet, repair of a deleted route, and
 * the route gone when a node leaves.
 */
class HostGwNetnsTest {
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

    private record Node(String ns, NodeAgent agent, PeerReconciler peers, SubnetLease lease) {
    }

    private Node start(Datastore store, String name, String ns, String ip) {
        NodeAgent agent = new NodeAgent(new AgentConfig(name, IpAddress.parse(ip), tmp.resolve(name + "/subnet.env"),
                tmp.resolve(name + "/subnet"), 1500, false, Map.of()), store);
        SubnetLease lease = agent.start();
        NetNs handle = NetNs.named(ns);
        Netlink nl = Netlink.open(handle);
        PeerReconciler peers = new PeerReconciler(new SubnetManager(store),
                new HostGwBackend(nl, IpAddress.parse(ip)), name, Duration.ofMillis(200));
        closers.add(handle);
        closers.add(nl);
        closers.add(agent);
        closers.add(peers);
        return new Node(ns, agent, peers, lease);
    }

    @Test
    @RequiresRoot
    void routesToOnLinkPeersRefusesOthersRepairsAndForgets() throws Exception {
        fabric = new Fabric();
        String n1 = fabric.node("a", "192.0.2.1/24");
        String n2 = fabric.node("b", "192.0.2.2/24");
        String n3 = fabric.node("c", "198.51.100.3/24");

        Datastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
        new SubnetManager(store).init(ClusterConfig.of(Cidr.parse("10.250.0.0/16"), 24, "host-gw"));
        Node a = start(store, "a", n1, "192.0.2.1");
        Node b = start(store, "b", n2, "192.0.2.2");
        start(store, "c", n3, "198.51.100.3");
        a.peers().reconcile();
        b.peers().reconcile();

        assertThat(Proc.sh("ip", "-n", n1, "route")).contains(b.lease().subnet() + " via 192.0.2.2 dev eth0");
        assertThat(Proc.sh("ip", "-n", n2, "route")).contains(a.lease().subnet() + " via 192.0.2.1 dev eth0");
        assertThat(a.peers().refused()).containsKey("c");
        assertThat(a.peers().refused().get("c")).contains("198.51.100.3").contains("not on-link").contains("vxlan");

        // a "pod" address in b's subnet answers a's ping through the host-gw route
        String podIp = b.lease().subnet().network().plus(1).toString();
        Proc.sh("ip", "-n", n2, "link", "add", "pod0", "type", "veth", "peer", "name", "pod1");
        Proc.sh("ip", "-n", n2, "addr", "add", podIp + "/24", "dev", "pod0");
        Proc.sh("ip", "-n", n2, "link", "set", "pod0", "up");
        Proc.sh("ip", "-n", n2, "link", "set", "pod1", "up");
        assertThat(Proc.sh("ip", "netns", "exec", n1, "ping", "-c", "1", "-W", "2", podIp)).contains("1 received");

        Proc.sh("ip", "-n", n1, "route", "del", b.lease().subnet().toString());
        a.peers().start();
        long deadline = System.currentTimeMillis() + 5000;
        while (!Proc.sh("ip", "-n", n1, "route").contains(b.lease().subnet().toString()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Proc.sh("ip", "-n", n1, "route")).as("repaired").contains(b.lease().subnet() + " via 192.0.2.2");

        b.agent().stop(true); // node b leaves the cluster
        deadline = System.currentTimeMillis() + 5000;
        while (Proc.sh("ip", "-n", n1, "route").contains(b.lease().subnet().toString()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Proc.sh("ip", "-n", n1, "route")).as("peer gone").doesNotContain(b.lease().subnet().toString());
    }
}
