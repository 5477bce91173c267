package dev.weft.e2e.lab;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Proc;
import dev.weft.lab.Lab;
import dev.weft.lab.LabProcesses;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.node.AgentStatus;
import dev.weft.testkit.Netns;
import dev.weft.net.Cidr;
import dev.weft.netlink.event.EventGroup;
import dev.weft.netlink.event.KernelEvent;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.Netlink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whole clusters in the lab: agents as processes in node namespaces, pods attached through the
 * weft CNI plugin, reachability probed with real ping and TCP. Each test builds its own lab
 * under a unique name and removes it, also when it fails.
 */
@RequiresRoot
class LabClusterTest {
    @TempDir
    Path root;

    @BeforeEach
    void root() {
    }

    @Test
    void vxlanOnL2_fullMesh_survivesAgentKillUnderTraffic_andForgetsARemovedNode() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(3, "vxlan", Topology.L2, false);
            t.onePodPerNode();
            t.pods.add("n1", "n1-p2", Map.of());
            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();
            for (String node : List.of("n1", "n2", "n3")) {
                Map<String, Double> metrics = t.metrics(node);
                assertThat(sum(metrics, "weft_peers_connected")).as(node + ": peers connected = nodes - 1").isEqualTo(2);
                assertThat(sum(metrics, "weft_peers_refused")).isZero();
                assertThat(sum(metrics, "weft_reconcile_rounds_total", "loop=\"peers\"", "result=\"ok\"")).isPositive();
                assertThat(sum(metrics, "weft_reconcile_rounds_total", "loop=\"policy\"", "result=\"ok\"")).isPositive();
                assertThat(sum(metrics, "weft_datastore_request_duration_seconds_count")).isPositive();
                assertThat(sum(metrics, "weft_datastore_errors_total")).isZero();
            }

            // kill -9 both ends' agents while pinging across, and restart them: no ping lost, no route deleted
            LabState.Pod from = t.state().requirePod("n1-p1");
            LabState.Pod to = t.state().requirePod("n2-p1");
            Cidr n2Subnet = Cidr.parse(t.status("n2").subnet());
            List<KernelEvent.RouteEvent> deleted = new CopyOnWriteArrayList<>();
            try (NetNs n1 = NetNs.named(t.nodeNs("n1")); Netlink nl = Netlink.open(n1);
                 var sub = nl.subscribe(EnumSet.of(EventGroup.IPV4_ROUTE), e -> {
                     if (e instanceof KernelEvent.RouteEvent r && !r.added()) {
                         deleted.add(r);
                     }
                 })) {
                TestLab.Pinger ping = new TestLab.Pinger(from, to, 160);
                Thread.sleep(1000);
                t.lab.restartAgent("n1", true);
                t.lab.restartAgent("n2", true);
                long[] sentReceived = ping.result();
                assertThat(sentReceived[0]).isEqualTo(160);
                assertThat(sentReceived[1]).as("pings lost while the agents were killed and restarted").isEqualTo(160);
                t.lab.awaitConverged(Duration.ofSeconds(60));
            }
            assertThat(deleted).as("routes deleted on n1 during the agent restarts").isEmpty();
            assertThat(t.status("n2").subnet()).as("n2 keeps its subnet across a restart").isEqualTo(n2Subnet.toString());
            assertThat(t.matrix().allReachable()).isTrue();

            // remove n3: every peer drops its route, FDB entry and neighbour
            String n3Subnet = t.status("n3").subnet();
            String n3Ip = t.state().requireNode("n3").ip();
            t.lab.removeNode("n3");
            for (String peer : List.of("n1", "n2")) {
                awaitGone(t.nodeNs(peer), n3Subnet, n3Ip);
                awaitMetric(t, peer, "weft_peers_connected", 1); // set at the end of the round that removed the route
            }
            assertThat(t.state().pods()).extracting(LabState.Pod::node).doesNotContain("n3");
            assertThat(t.matrix().allReachable()).isTrue();
        }
    }

    private static void awaitMetric(TestLab t, String node, String name, double value) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (sum(t.metrics(node), name) != value && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sum(t.metrics(node), name)).as(node + " " + name).isEqualTo(value);
    }

    private static double sum(Map<String, Double> samples, String name, String... labels) {
        return dev.weft.node.metrics.MetricsScrape.sum(samples, name, labels);
    }

    private static void awaitGone(String netns, String subnet, String underlayIp) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            String routes = TestLab.ipIn(netns, "route");
            String fdb = Proc.run(List.of("bridge", "-n", netns, "fdb", "show", "dev", "weft.1")).out();
            if (!routes.contains(subnet) && !fdb.contains(underlayIp)) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("routes of " + netns + ":\n" + routes + "\nfdb:\n" + fdb)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void hostGwOnL3_refusesRoutedPeersWithTheReason_andStillConnectsOnLinkOnes() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(3, "host-gw", Topology.L3, false); // n1 and n3 share a subnet; n2 is behind the router
            t.onePodPerNode();
            AgentStatus n1 = t.status("n1");
            assertThat(n1.refused()).containsOnlyKeys("n2");
            assertThat(n1.refused().get("n2")).contains("not on-link").contains("172.30.1.12").contains("vxlan");
            assertThat(t.status("n2").refused()).containsOnlyKeys("n1", "n3");
            assertThat(n1.peers()).containsExactly(t.status("n3").subnet());
            Map<String, Double> n1Metrics = t.metrics("n1");
            assertThat(sum(n1Metrics, "weft_peers_connected")).isEqualTo(1);
            assertThat(sum(n1Metrics, "weft_peers_refused")).as("n2, behind the router").isEqualTo(1);

            Reachability.Matrix m = t.matrix();
            List<LabState.Pod> pods = m.pods();
            for (int i = 0; i < pods.size(); i++) {
                for (int j = 0; j < pods.size(); j++) {
                    boolean sameSide = pods.get(i).node().equals("n2") == pods.get(j).node().equals("n2");
                    assertThat(m.cells().get(i).get(j).reachable()).as(pods.get(i).name() + " -> " + pods.get(j).name()
                            + "\n" + m.render()).isEqualTo(sameSide);
                }
            }
        }
    }

    @Test
    void vxlanOnL3WithEtcd_survivesAnEtcdRestartUnderTraffic() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(3, "vxlan", Topology.L3, true);
            t.onePodPerNode();
            assertThat(t.matrix().allReachable()).isTrue();
            Map<String, String> subnets = Map.of("n1", t.status("n1").subnet(), "n2", t.status("n2").subnet(),
                    "n3", t.status("n3").subnet());

            TestLab.Pinger ping = new TestLab.Pinger(t.state().requirePod("n1-p1"), t.state().requirePod("n2-p1"), 120);
            t.lab.restartEtcd(true, Duration.ofSeconds(3));
            long[] sentReceived = ping.result();
            assertThat(sentReceived[1]).as("pings lost while etcd was down").isEqualTo(sentReceived[0]);

            // the cluster works again: a new node joins and everyone reaches its pod; nobody lost a subnet
            String n4 = t.lab.addNode(Duration.ofSeconds(120));
            t.pods.add(n4, n4 + "-p1", Map.of());
            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();
            subnets.forEach((node, subnet) -> assertThat(t.status(node).subnet()).isEqualTo(subnet));
        }
    }

    @Test
    void vxlanDirectRoutingRoutesSameSegmentPeersPlainlyAndTheRestThroughVxlan() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.lab.up(3, "vxlan", true, Topology.L3, false, Duration.ofSeconds(240));
            t.onePodPerNode();
            String routes = TestLab.ipIn(t.nodeNs("n1"), "route");
            assertThat(routes).contains(t.status("n3").subnet() + " via 172.30.0.13 dev eth0");
            assertThat(routes).contains(t.status("n2").subnet() + " via " + Cidr.parse(t.status("n2").subnet()).network()
                    + " dev weft.1");
            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();
            assertThat(TestLab.ipIn(t.state().requirePod("n1-p1").netns(), "link", "show", "eth0"))
                    .as("pod MTU: the uplink's 1500 less VXLAN's 50, detected").contains("mtu 1450");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"vxlan, 10", "host-gw, 10", "host-gw, 3"})
    void fullMesh(String backend, int nodes) throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(nodes, backend, Topology.L2, false);
            t.onePodPerNode();
            Reachability.Matrix m = t.matrix();
            assertThat(m.cells()).hasSize(nodes);
            assertThat(TestLab.ipIn(t.state().requirePod("n" + nodes + "-p1").netns(), "link", "show", "eth0"))
                    .contains(backend.equals("vxlan") ? "mtu 1450" : "mtu 1500");
            assertThat(m.allReachable()).as(m.render()).isTrue();
        }
    }

    @Test
    void theFastPathServesConcurrentAddsWithDistinctAddresses_andFallsBackToTheJvmWhenTheAgentIsDown() throws Exception {
        assumeTrue(java.nio.file.Files.isExecutable(TestLab.SHIM), "the exec shim was not built (no C compiler)");
        try (TestLab t = new TestLab(root, true)) {
            t.up(1, "host-gw", Topology.L2, false);
            double addsBefore = sum(t.metrics("n1"), "weft_cni_requests_total", "command=\"ADD\"", "plugin=\"weft\"");
            List<LabState.Pod> added = new CopyOnWriteArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
                for (int i = 0; i < 24; i++) {
                    String name = "c" + i;
                    pool.submit(() -> added.add(t.pods.add("n1", name, Map.of())));
                }
            }
            assertThat(added).hasSize(24);
            assertThat(added.stream().map(LabState.Pod::ip).distinct()).hasSize(24);
            Map<String, Double> metrics = t.metrics("n1");
            assertThat(sum(metrics, "weft_cni_requests_total", "command=\"ADD\"", "plugin=\"weft\"", "code=\"0\"")
                    - addsBefore).as("ADDs served, counted by the agent").isEqualTo(24);
            assertThat(sum(metrics, "weft_cni_request_duration_seconds_count", "command=\"ADD\"", "plugin=\"weft\""))
                    .isEqualTo(sum(metrics, "weft_cni_requests_total", "command=\"ADD\"", "plugin=\"weft\""));
            assertThat(sum(metrics, "weft_ipam_allocations_total", "plugin=\"weft-host-local\"")).isEqualTo(24);
            assertThat(sum(metrics, "weft_ipam_hostlocal_addresses_held")).isEqualTo(24);
            Path log = t.layout.nodeDir("n1").resolve("agent.log");
            assertThat(java.nio.file.Files.readString(log)).as("served by the agent").contains("cni ADD weft wl-" + t.layout.name() + "-n1-default-c23");

            LabProcesses.kill(t.state().requireNode("n1").agentPid());
            LabState.Pod late = t.pods.add("n1", "late", Map.of());
            assertThat(late.ip()).startsWith("10.244.");
            assertThat(java.nio.file.Files.readString(log)).as("the JVM path ran it").doesNotContain("-default-late");
            t.lab.restartAgent("n1", false);
            t.lab.awaitConverged(Duration.ofSeconds(60));
            t.pods.del("late");
            assertThat(Reachability.probe(t.state().pods().subList(0, 3), 7777, Duration.ofSeconds(2)).allReachable()).isTrue();
        }
    }

    @Test
    void downRemovesALabWhoseStateIsGone() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(2, "host-gw", Topology.L2, false);
            long agent = t.state().requireNode("n1").agentPid();
            java.nio.file.Files.delete(t.layout.dir().resolve("lab.json")); // as if the lab's files were lost
            assertThat(Lab.down(t.layout, System.err)).isEqualTo(3);
            assertThat(Lab.namespaces(t.layout)).isEmpty();
            assertThat(LabProcesses.alive(agent)).as("agent found by its namespace and stopped").isFalse();
        }
    }
}
