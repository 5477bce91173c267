package dev.weft.e2e.lab;

import dev.weft.cluster.ClusterConfig;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.node.backend.UdpBackendOptions;
import dev.weft.store.Entry;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code udp} backend in a 3-node lab, one lab for everything (it is the slow part): the full
 * matrix on each datapath (simple, batched, offload — switched in the stored cluster configuration
 * and picked up by restarted agents, which replace the datapath process), then on offload the MTU
 * edge, malformed datagrams dropped and counted, an agent {@code kill -9} under ping without a loss
 * (the datapath process is re-attached, same pid), and a node leaving: its peers drop it from the
 * peers file and traffic to its pods stops with "net unreachable".
 */
@RequiresRoot
class UdpLabTest {
    @TempDir
    Path root;

    @Test
    void udpOnL2_everyDatapath_mtuEdge_malformedCounted_survivesAgentKill_andForgetsARemovedNode() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.lab.up(3, "udp", false, List.of("--udp-datapath", "simple"), Topology.L2, false, Duration.ofSeconds(240));
            t.onePodPerNode();
            for (String kind : List.of("simple", "batched", "offload")) {
                if (!kind.equals("simple")) {
                    switchDatapath(t, kind);
                }
                for (String n : List.of("n1", "n2", "n3")) {
                    awaitStatus(t, n, "datapath", kind);
                }
                Reachability.Matrix m = t.matrix();
                assertThat(m.allReachable()).as(kind + "\n" + m.render()).isTrue();
            }

            // MTU: the pod MTU is the uplink's less 28; a DF ping of exactly it passes, one byte more is refused with it
            int mtu = t.status("n1").mtu();
            assertThat(mtu).isEqualTo(1500 - 28);
            assertThat(status(t, "n1").get("mtu")).isEqualTo(Integer.toString(mtu));
            LabState.Pod p1 = t.state().requirePod("n1-p1");
            LabState.Pod p2 = t.state().requirePod("n2-p1");
            ping(p1, "-M", "do", "-s", Integer.toString(mtu - 28), "-c", "2", "-i", "0.2", "-W", "2", p2.ip()).check();
            Proc.Result big = ping(p1, "-M", "do", "-s", Integer.toString(mtu - 27), "-c", "1", "-W", "2", p2.ip());
            assertThat(big.exit()).isNotZero();
            assertThat(big.out() + big.err()).contains("mtu=" + mtu);

            // malformed datagrams at the port: dropped and counted, the loop keeps serving
            Map<String, String> before = status(t, "n1");
            String n1Ip = t.state().requireNode("n1").ip();
            sendUdp(t.nodeNs("n2"), n1Ip, "\\x60\\x00\\x00\\x00\\x00\\x00\\x00\\x00"); // an IPv6 version nibble
            sendUdp(t.nodeNs("n2"), n1Ip, "xy"); // short
            sendUdp(t.layout.fabricNs(), n1Ip, "from-a-stranger-that-is-no-peer-0123456789"); // unknown sender
            awaitCounter(t, "n1", "drop_unknown_sender", counter(before, "drop_unknown_sender") + 1);
            awaitCounter(t, "n1", "drop_not_ipv4", counter(before, "drop_not_ipv4") + 2);
            assertThat(t.matrix().allReachable()).isTrue();

            // kill -9 both ends' agents under ping: the datapath processes are re-attached, no ping is lost
            String pid1 = status(t, "n1").get("pid");
            TestLab.Pinger ping = new TestLab.Pinger(p1, p2, 160);
            Thread.sleep(1000);
            t.lab.restartAgent("n1", true);
            t.lab.restartAgent("n2", true);
            long[] sentReceived = ping.result();
            assertThat(sentReceived[1]).as("pings lost while the agents were killed and restarted").isEqualTo(160);
            t.lab.awaitConverged(Duration.ofSeconds(60));
            assertThat(status(t, "n1").get("pid")).as("datapath process of n1 after the agent's kill -9").isEqualTo(pid1);

            // n3 leaves: n1 and n2 drop it from their peers files, and traffic to its pod stops
            LabState.Pod p3 = t.state().requirePod("n3-p1");
            String n3Subnet = t.status("n3").subnet();
            t.lab.removeNode("n3");
            for (String n : List.of("n1", "n2")) {
                awaitPeersWithout(t, n, n3Subnet);
            }
            Proc.Result gone = ping(p1, "-c", "2", "-i", "0.2", "-W", "1", p3.ip());
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.out()).contains("Destination Net Unreachable");
            assertThat(t.matrix().allReachable()).isTrue();
        }
    }

    /** Stores {@code kind} as the cluster's datapath and restarts every agent (SIGTERM), which replaces its datapath process. */
    private static void switchDatapath(TestLab t, String kind) {
        try (EmbeddedDatastore store = new EmbeddedDatastore(Path.of(t.state().datastore()))) {
            Entry e = store.get(ClusterConfig.KEY).orElseThrow();
            ClusterConfig c = ClusterConfig.fromJson(e.value()).withBackendOptions(Map.of(UdpBackendOptions.DATAPATH, kind));
            assertThat(store.put(ClusterConfig.KEY, c.toJson(), e.modRevision(), 0)).isPresent();
        }
        for (String n : List.of("n1", "n2", "n3")) {
            t.lab.restartAgent(n, false);
        }
        t.lab.awaitConverged(Duration.ofSeconds(120));
    }

    private static Map<String, String> status(TestLab t, String node) {
        Map<String, String> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(t.layout.nodeDir(node).resolve("udp/status"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    private static long counter(Map<String, String> status, String name) {
        return Long.parseLong(status.getOrDefault(name, "0"));
    }

    private static void awaitStatus(TestLab t, String node, String key, String value) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!value.equals(status(t, node).get(key))) {
            assertThat(System.currentTimeMillis()).as(node + " status " + status(t, node)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitCounter(TestLab t, String node, String key, long atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (counter(status(t, node), key) < atLeast) {
            assertThat(System.currentTimeMillis()).as(node + " " + key + " in " + status(t, node)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitPeersWithout(TestLab t, String node, String subnet) throws Exception {
        Path peers = t.layout.nodeDir(node).resolve("udp/peers");
        long deadline = System.currentTimeMillis() + 20_000;
        while (Files.readString(peers).contains(subnet + " ")) {
            assertThat(System.currentTimeMillis()).as(node + " peers:\n" + Files.readString(peers)).isLessThan(deadline);
            Thread.sleep(100);
        }
        awaitStatus(t, node, "peers", "1");
    }

    private static Proc.Result ping(LabState.Pod from, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", from.netns(), "ping"));
        cmd.addAll(List.of(args));
        return Proc.run(cmd);
    }

    /** One datagram with {@code printfBytes} (printf escapes) to {@code ip}:8285 from namespace {@code netns}. */
    private static void sendUdp(String netns, String ip, String printfBytes) {
        Proc.run("ip", "netns", "exec", netns, "bash", "-c", "printf '" + printfBytes + "' > /dev/udp/" + ip + "/8285").check();
    }
}
