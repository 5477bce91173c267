package dev.weft.e2e.lab;

import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.lab.Lab;
import dev.weft.lab.LabProcesses;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.cluster.SubnetManager;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.bpf.BpfProgram;
import dev.weft.netlink.bpf.Tcx;
import dev.weft.netlink.event.EventGroup;
import dev.weft.netlink.event.KernelEvent;
import dev.weft.netlink.ns.NetNs;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bgp backend on real labs: agents as processes, BIRD beside each, FRR as the top-of-rack
 * router on {@code l3}, pods attached through the weft plugin, reachability probed with ping and TCP.
 */
@RequiresRoot
class BgpLabTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    @BeforeEach
    void searchable() throws Exception {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // FRR runs as user frr
    }

    @Test
    void l3WithFrrAsTopOfRack_everyPodReachesEveryPodAcrossTheRouterWithoutEncapsulation() throws Exception {
        try (TestLab t = new TestLab(root)) {
            long t0 = System.nanoTime();
            t.up(3, "bgp", Topology.L3, false); // n1, n3 on 172.30.0.0/24, n2 behind the router; host-gw refuses n2 here
            System.err.printf("bgp l3 lab of 3 nodes up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            t.onePodPerNode();
            for (String n : List.of("n1", "n2", "n3")) {
                assertThat(t.status(n).refused()).as(n + " refuses nobody").isEmpty();
                assertThat(t.status(n).peers()).hasSize(2);
            }
            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();

            // no encapsulation: pods get the uplink's MTU, nodes have no VXLAN device, routes are plain
            LabState.Pod p1 = t.state().requirePod("n1-p1");
            LabState.Pod p2 = t.state().requirePod("n2-p1");
            assertThat(TestLab.ipIn(p1.netns(), "link", "show", "eth0")).contains("mtu 1500");
            assertThat(TestLab.ipIn(t.nodeNs("n1"), "-d", "link", "show")).doesNotContain("vxlan");
            // routed pods (Calico's wiring): no bridge, a host route to each pod's veth, the rest of the subnet blackholed
            assertThat(TestLab.ipIn(t.nodeNs("n1"), "link", "show")).doesNotContain("weft0");
            assertThat(TestLab.ipIn(t.nodeNs("n1"), "route"))
                    .containsPattern("\\n" + p1.ip().replace(".", "\\.") + " dev veth[0-9a-f]+ proto static scope link")
                    .contains("blackhole " + t.status("n1").subnet() + " proto 87 metric 10000");
            // the fast path (eBPF) carries the pod (no policy isolates it) to and from the other nodes' subnets:
            // its programs sit on the pods' veths and the uplink, and n2's pod receives without its host veth
            // transmitting (bpf_redirect_peer puts the packet straight into the pod's namespace)
            String n2Subnet = t.status("n2").subnet();
            assertThat(tcxPrograms(t.nodeNs("n1"), podVeth(t.nodeNs("n1")))).containsExactly("weft_from_pod");
            assertThat(tcxPrograms(t.nodeNs("n2"), "eth0")).containsExactly("weft_to_pod");
            assertThat(Proc.inNetns(t.nodeNs("n1"), "nft", "list", "tables").out()).doesNotContain("weft_fast");
            String n2Veth = podVeth(t.nodeNs("n2"));
            await(() -> {
                long tx = txPackets(t.nodeNs("n2"), n2Veth);
                boolean answered = Proc.inNetns(p1.netns(), "ping", "-c", "20", "-i", "0.01", "-W", "1", "-q", p2.ip()).ok();
                return answered && txPackets(t.nodeNs("n2"), n2Veth) == tx;
            }, Duration.ofSeconds(20), "n1's pod reaches n2's pod on the fast path");
            // weft doctor sees the same: the eBPF fast path on each node, each routed veth a recorded pod's
            Proc.Result doctor = WeftCli.run(null, Map.of(), "doctor", "--lab", t.layout.name(), "--lab-root", root.toString(),
                    "-o", "json");
            for (dev.weft.doctor.Report r : dev.weft.doctor.Report.parse(doctor.out())) {
                assertThat(r.cluster()).as(r.text()).anySatisfy(f -> assertThat(f).isEqualTo(dev.weft.doctor.finding.Finding.ok(
                        "policy.fastpath", "ebpf: eBPF programs on 1 host veth(s) and 1 uplink(s), 1 pod(s) in their map")));
                assertThat(r.cluster()).as(r.text()).anySatisfy(f -> assertThat(f).isEqualTo(dev.weft.doctor.finding.Finding.ok(
                        "leftovers.devices", "0 veth(s) on weft0 and 1 routed, each a recorded pod's")));
            }
            String n3Subnet = t.status("n3").subnet();
            assertThat(TestLab.ipIn(t.nodeNs("n1"), "route")).contains(n2Subnet + " via 172.30.0.1 dev eth0 proto bird metric 119")
                    .contains(n3Subnet + " via 172.30.0.13 dev eth0 proto bird metric 119");
            Proc.Result trace = Proc.inNetns(p1.netns(), "traceroute", "-n", "-q", "1", "-w", "2", p2.ip());
            System.err.println(trace.out());
            assertThat(trace.out()).as("n1's pod to n2's pod: its node, the router, n2, the pod")
                    .containsPattern("\\n 1 +" + gatewayPattern(t.status("n1").subnet()) + " ")
                    .containsPattern("\\n 2 +172\\.30\\.0\\.1 ").containsPattern("\\n 3 +172\\.30\\.1\\.12 ")
                    .containsPattern("\\n 4 +" + p2.ip().replace(".", "\\.") + " ");

            // weft bgp status: every node has one eBGP session, with the router, and learned the two other subnets
            for (BgpStatus s : bgpStatus(t, "n1", "n2", "n3")) {
                assertThat(s.sessions()).singleElement().satisfies(x -> {
                    assertThat(x.name()).isEqualTo("tor-" + s.node());
                    assertThat(x.role()).isEqualTo("ebgp");
                    assertThat(x.state()).isEqualTo(SessionState.ESTABLISHED);
                    assertThat(x.routesLearned()).isEqualTo(2);
                });
            }

            // n3 dies without a word, then is removed: the router may keep its subnet as stale (graceful restart),
            // but n1 and n2 refuse a subnet nobody holds as soon as the lease is gone
            removeDeadNode(t, "n3", List.of("n1", "n2"));
            System.err.println("router after n3's removal: " + TestLab.ipIn(t.layout.routerNs(), "route", "show", n3Subnet));
            assertThat(t.matrix().allReachable()).isTrue();

            // down finds BIRD and FRR by their namespaces even when the lab's state is gone
            List<Long> daemons = List.of(birdPid(t, "n1"), birdPid(t, "n2"),
                    Long.parseLong(Files.readString(t.layout.dir().resolve("router/bgpd.pid")).strip()));
            Files.delete(t.layout.dir().resolve("lab.json"));
            Lab.down(t.layout, System.err);
            assertThat(daemons).noneMatch(LabProcesses::alive);
        }
    }

    @ParameterizedTest(name = "route reflectors: {0}")
    @ValueSource(ints = {0, 2})
    void tenNodesOnL2_fullMeshOrTwoRouteReflectors(int reflectors) throws Exception {
        try (TestLab t = new TestLab(root)) {
            long t0 = System.nanoTime();
            t.lab.withRouteReflectors(reflectors).up(10, "bgp", false, Topology.L2, false, Duration.ofSeconds(300));
            System.err.printf("bgp l2 lab of 10 nodes (%d reflectors) up in %.1f s%n", reflectors, (System.nanoTime() - t0) / 1e9);
            t.onePodPerNode();
            Reachability.Matrix m = t.matrix();
            assertThat(m.cells()).hasSize(10);
            assertThat(m.allReachable()).as(m.render()).isTrue();
            String[] nodes = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "n" + i).toArray(String[]::new);
            java.util.function.Function<BgpStatus, Integer> expected = s ->
                    reflectors == 0 || s.node().equals("n1") || s.node().equals("n2") ? 9 : 2;
            // a session can come up after the pods are reachable (a reflected route reaches first); the agents
            // report it at their next round (resync 5 s)
            await(() -> bgpStatus(t, nodes).stream().allMatch(s -> s.in(SessionState.ESTABLISHED).size() == expected.apply(s)),
                    Duration.ofSeconds(30), "every node's sessions established");
            for (BgpStatus s : bgpStatus(t, nodes)) {
                boolean reflector = reflectors > 0 && (s.node().equals("n1") || s.node().equals("n2"));
                assertThat(s.in(SessionState.ESTABLISHED)).as(s.node() + "'s sessions").hasSize(expected.apply(s));
                if (reflector) {
                    assertThat(s.sessions()).filteredOn(x -> x.role().equals("rr-client")).hasSize(8);
                }
            }
            // a reflected route keeps the announcing node as its next hop: traffic never goes through a reflector
            assertThat(TestLab.ipIn(t.nodeNs("n5"), "route")).contains(t.status("n7").subnet() + " via 172.30.0.17 dev eth0 proto bird");
        }
    }

    @Test
    void threeNodeMesh_survivesKills_ignoresBadSettings_andForgetsARemovedNodeAtOnce() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(3, "bgp", Topology.L2, false);
            t.onePodPerNode();
            assertThat(t.matrix().allReachable()).isTrue();
            LabState.Pod from = t.state().requirePod("n1-p1");
            LabState.Pod to = t.state().requirePod("n2-p1");

            // kill -9 both ends' agents under traffic and restart them: BIRD is adopted, no route goes, no ping is lost
            long bird1 = birdPid(t, "n1");
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
                assertThat(sentReceived[1]).as("pings lost while the agents were killed and restarted").isEqualTo(160);
                t.lab.awaitConverged(Duration.ofSeconds(60));
            }
            assertThat(deleted).as("routes deleted on n1 during the agent restarts").isEmpty();
            assertThat(birdPid(t, "n1")).as("the restarted agent adopted BIRD").isEqualTo(bird1);

            // BIRD killed: the agent starts it again (graceful restart recovery), the routes come back, no ping is lost
            long bird2 = birdPid(t, "n2");
            TestLab.Pinger ping = new TestLab.Pinger(from, to, 160);
            Thread.sleep(1000);
            Proc.sh("kill", "-9", Long.toString(bird2));
            await(() -> birdPid(t, "n2") != bird2 && LabProcesses.alive(birdPid(t, "n2")), Duration.ofSeconds(20),
                    "n2's BIRD restarted");
            await(() -> bgpStatus(t, "n2").getFirst().in(SessionState.ESTABLISHED).size() == 2, Duration.ofSeconds(60),
                    "n2's sessions back");
            // restarted from its recovery configuration (every node named), the agent's next round puts the range back
            await(() -> birdConf(t, "n2").contains("protocol bgp weft_nodes "), Duration.ofSeconds(20),
                    "n2's agent woken by the restart, its node range back");
            long[] sentReceived = ping.result();
            System.err.println("bgp: pings lost while n2's BIRD was killed and restarted: " + (160 - sentReceived[1]));
            assertThat(sentReceived[1]).as("pings lost while n2's BIRD was killed and restarted").isEqualTo(160);
            assertThat(TestLab.ipIn(t.nodeNs("n2"), "route")).contains(t.status("n1").subnet() + " via 172.30.0.11")
                    .contains(t.status("n3").subnet() + " via 172.30.0.13");
            assertThat(t.matrix().allReachable()).isTrue();

            badSettingsChangeNothing(t);

            // n3 dies without a word (agent and BIRD killed): the peers keep its routes as stale (graceful restart,
            // 120 s) until it is removed from the cluster, then drop them at once (lease watch -> BIRD reconfigured)
            removeDeadNode(t, "n3", List.of("n1", "n2"));
            assertThat(t.matrix().allReachable()).isTrue();
        }
    }

    /**
     * Kills {@code node}'s agent and BIRD (no BGP notification: peers keep its routes as stale), removes it
     * with {@code weft lab node del}, and measures when its lease and then its subnet's route on each of
     * {@code peers} disappear. Graceful restart would keep the routes 120 s; the lease watch drops them.
     */
    private static void removeDeadNode(TestLab t, String node, List<String> peers) throws Exception {
        String subnet = t.status(node).subnet();
        LabProcesses.kill(t.state().requireNode(node).agentPid());
        Proc.sh("kill", "-9", Long.toString(birdPid(t, node)));
        String peerNs = t.nodeNs(peers.getFirst());
        await(() -> bgpStatus(t, peers.getFirst()).getFirst().sessions().stream().noneMatch(s -> s.name().equals(node)
                && s.state() == SessionState.ESTABLISHED), Duration.ofSeconds(30), peers.getFirst() + "'s session with " + node + " down");
        assertThat(TestLab.ipIn(peerNs, "route")).as("kept as stale meanwhile").contains(subnet + " ");
        Map<String, BooleanSupplier> gone = new java.util.LinkedHashMap<>();
        try (Datastore ds = new EmbeddedDatastore(Path.of(t.state().datastore()))) {
            gone.put("lease", () -> new SubnetManager(ds).leases().stream().noneMatch(l -> l.node().equals(node)));
            for (String p : peers) {
                gone.put(p, () -> !TestLab.ipIn(t.nodeNs(p), "route").contains(subnet + " "));
            }
            try (Watch w = new Watch(gone)) {
                t.lab.removeNode(node);
                Map<String, Double> at = w.await(Duration.ofSeconds(30));
                System.err.printf("bgp on %s: %s removed; seconds after lab node del began: %s%n", t.state().topology(), node, at);
                for (String p : peers) {
                    assertThat(at.get(p) - at.get("lease")).as(p + " drops " + subnet + " well before graceful restart's 120 s")
                            .isLessThan(10.0);
                }
            }
        }
    }

    /** Polls conditions every 20 ms in the background and records when each first held, in seconds from the start. */
    private static final class Watch implements AutoCloseable {
        private final Map<String, BooleanSupplier> conditions;
        private final Map<String, Double> held = new java.util.concurrent.ConcurrentHashMap<>();
        private final long t0 = System.nanoTime();
        private final Thread thread;

        Watch(Map<String, BooleanSupplier> conditions) {
            this.conditions = conditions;
            this.thread = Thread.ofPlatform().daemon().name("bgp-test-watch").start(this::poll);
        }

        private void poll() {
            while (held.size() < conditions.size()) {
                conditions.forEach((k, c) -> {
                    if (!held.containsKey(k) && c.getAsBoolean()) {
                        held.put(k, (System.nanoTime() - t0) / 1e9);
                    }
                });
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Map<String, Double> await(Duration timeout) throws InterruptedException {
            BgpLabTest.await(() -> held.size() == conditions.size(), timeout, "all of " + conditions.keySet() + " (so far " + held + ")");
            return new java.util.TreeMap<>(held);
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /**
     * A change the CLI refuses stores nothing; an entry it cannot read (written behind weft's back) leaves BIRD
     * running as it is, reported; a valid change (a peer that never answers) restarts no running session.
     */
    private void badSettingsChangeNothing(TestLab t) throws Exception {
        Map<String, Instant> since = establishedSince(t, "n1");
        Proc.Result refused = WeftCli.run(null, Map.of(), "bgp", "peer", "add", "ghost", "--peer-ip", "172.30.0.300",
                "--as", "65099", "--datastore", t.state().datastore());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("peerIp");

        try (Datastore ds = new EmbeddedDatastore(Path.of(t.state().datastore()))) {
            ds.put("/weft/bgp/peers/broken", "{\"name\": \"broken\", \"peerIp\": \"nope\", \"as\": 0}"
                    .getBytes(StandardCharsets.UTF_8), Datastore.ANY, 0);
        }
        await(() -> bgpStatus(t, "n1").getFirst().problem().orElse("").contains("cannot read the BGP settings"),
                Duration.ofSeconds(20), "n1 reports the unreadable settings");
        assertThat(establishedSince(t, "n1")).as("sessions untouched").isEqualTo(since);
        assertThat(t.matrix().allReachable()).isTrue();
        try (Datastore ds = new EmbeddedDatastore(Path.of(t.state().datastore()))) {
            ds.delete("/weft/bgp/peers/broken", Datastore.ANY);
        }
        await(() -> bgpStatus(t, "n1").getFirst().problem().isEmpty(), Duration.ofSeconds(20), "the problem cleared");

        Proc.Result ghost = WeftCli.run(null, Map.of(), "bgp", "peer", "add", "ghost", "--peer-ip", "172.30.0.250",
                "--as", "65099", "--datastore", t.state().datastore());
        assertThat(ghost.exit()).as(ghost.err()).isZero();
        await(() -> bgpStatus(t, "n1").getFirst().sessions().stream().anyMatch(s -> s.name().equals("ghost")),
                Duration.ofSeconds(20), "n1 configured the new peer");
        assertThat(establishedSince(t, "n1")).as("adding a peer restarts no running session").isEqualTo(since);
        assertThat(WeftCli.run(null, Map.of(), "bgp", "peer", "del", "ghost", "--datastore", t.state().datastore()).exit())
                .isZero();
    }

    private static Map<String, Instant> establishedSince(TestLab t, String node) {
        return bgpStatus(t, node).getFirst().in(SessionState.ESTABLISHED).stream()
                .collect(java.util.stream.Collectors.toMap(SessionStatus::name, s -> s.since().orElseThrow()));
    }

    /** The nodes' BGP status through {@code weft bgp status -o json}, as a user reads it. */
    private static List<BgpStatus> bgpStatus(TestLab t, String... nodes) {
        List<String> args = new java.util.ArrayList<>(List.of("bgp", "status", "-o", "json"));
        for (String n : nodes) {
            args.addAll(List.of("--status-file", t.layout.nodeDir(n).resolve("bgp.json").toString()));
        }
        Proc.Result r = WeftCli.run(null, Map.of(), args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<BgpStatus> out = new java.util.ArrayList<>();
        JSON.readTree(r.out()).forEach(j -> out.add(BgpStatus.fromJson(j)));
        return out;
    }

    /** BIRD's pid from its pid file; -1 while there is none, or while a starting BIRD has created it but not yet written it. */
    private static String birdConf(TestLab t, String node) {
        try {
            return Files.readString(t.layout.nodeDir(node).resolve("bird/bird.conf"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static long birdPid(TestLab t, String node) {
        try {
            return Long.parseLong(Files.readString(t.layout.nodeDir(node).resolve("bird/bird.pid")).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void awaitRouteGone(String netns, String subnet, Duration timeout) throws InterruptedException {
        await(() -> !TestLab.ipIn(netns, "route").contains(subnet + " "), timeout, netns + " drops its route to " + subnet);
    }

    private static void await(BooleanSupplier done, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The pods' gateway on a node (its subnet's first address), as a regex. */
    private static String gatewayPattern(String subnet) {
        String net = subnet.substring(0, subnet.indexOf('/'));
        return net.substring(0, net.lastIndexOf('.')).replace(".", "\\.") + "\\.1";
    }

    /** The one pod veth in node namespace {@code ns} (the labs here run one pod per node). */
    private static String podVeth(String ns) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+: (veth[0-9a-f]+)@").matcher(Proc.inNetns(ns, "ip", "-o", "link").out());
        assertThat(m.find()).as("a pod veth in " + ns).isTrue();
        return m.group(1);
    }

    private static long txPackets(String ns, String device) {
        return Long.parseLong(Proc.inNetns(ns, "cat", "/sys/class/net/" + device + "/statistics/tx_packets").out().strip());
    }

    /** The names of the tcx ingress programs on {@code device} in node namespace {@code ns}, in order. */
    private static List<String> tcxPrograms(String ns, String device) {
        int ifindex = Integer.parseInt(Proc.inNetns(ns, "cat", "/sys/class/net/" + device + "/ifindex").out().strip());
        try (NetNs handle = NetNs.named(ns)) {
            return handle.run(() -> Tcx.programs(ifindex, Tcx.Direction.INGRESS)).stream().map(BpfProgram.Info::name).toList();
        }
    }
}
