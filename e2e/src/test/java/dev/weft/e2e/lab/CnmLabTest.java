package dev.weft.e2e.lab;

import dev.weft.e2e.testing.Dockerd;
import dev.weft.lab.LabDocker;
import dev.weft.lab.LabInventory;
import dev.weft.lab.LabState;
import dev.weft.lab.LabStatus;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.nodestate.PodRecord;
import dev.weft.testkit.Await;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Docker on a vxlan lab, in sequence on one lab and one dockerd: node n1's agent serves the CNM
 * drivers itself ({@code --cnm-socket}) and reads container labels from dockerd's API; a Docker
 * container on n1 reaches a CNI pod on n2 across the overlay; NetworkPolicy selects Docker
 * containers by their labels in both directions (as source: a policy on the pod admits only
 * {@code role=good}; as target: a policy in the Docker network's namespace isolates
 * {@code role=bad}); dockerd restarted with live containers leaves their network working, and so
 * does the agent (the driver) restarted, which then serves a new container from its persisted
 * state; removing them and the network afterwards releases every address and unpublishes them.
 */
@RequiresRoot
class CnmLabTest {
    private static final String POLICIES = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: from-good, namespace: web}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {kind: docker}}
                  podSelector: {matchLabels: {role: good}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: shield-bad, namespace: dnet}
            spec:
              podSelector: {matchLabels: {role: bad}}
              policyTypes: [Ingress]
            """;

    @TempDir
    Path root;

    @Test
    void dockerContainersReachPodsAcrossVxlanUnderPolicyAndSurviveDockersRestart() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(2, "vxlan", Topology.L2, false);
            Path n1 = t.layout.nodeDir("n1");
            String plugin = "weft-" + t.layout.name();
            Path cnmSocket = Dockerd.pluginSocket(plugin); // Docker's discovery by socket, no spec file
            Path dockerDir = root.resolve("docker");
            List<String> cnmArgs = List.of("--cnm-socket", cnmSocket.toString(),
                    "--cnm-state-dir", n1.resolve("cnm").toString(), "--cnm-ipam-data-dir", n1.resolve("ipam").toString(),
                    "--cnm-cni-network", "weft-lab", "--docker-socket", dockerDir.resolve("docker.sock").toString());
            t.lab.restartAgent("n1", false, cnmArgs);
            Await.until(Duration.ofSeconds(60), () -> answers(cnmSocket), "n1's agent serving CNM");
            try (Dockerd d = new Dockerd(dockerDir, t.nodeNs("n1"), plugin)) {
                LabInventory inv = new LabInventory(t.layout, t.state());
                inv.namespaceLabels("dnet", Map.of("kind", "docker"));
                inv.applyPolicy(POLICIES);
                LabState.Pod web = t.pods.add("n2", "web/p2", Map.of("app", "web"));

                d.docker("network", "create", "-d", plugin, "--ipam-driver", plugin, "dnet").check();
                for (String role : List.of("good", "bad")) {
                    d.docker("run", "-d", "--name", role, "--label", "role=" + role, "--network", "dnet", Dockerd.IMAGE,
                            "sleep", "600").check();
                }
                String good = ip(d, "good");
                String bad = ip(d, "bad");
                String subnet = t.status("n1").subnet().toString();
                assertThat(good).as("on n1's subnet " + subnet).startsWith(subnet.substring(0, subnet.lastIndexOf('.')));

                // target: bad is isolated as soon as docker run returns: published at Join, which waited for n1's policy round
                assertThat(Files.readString(n1.resolve("agent.log"))).as("n1's agent log")
                        .contains("Docker container dnet/good published at Join, its policy in place")
                        .contains("Docker container dnet/bad published at Join, its policy in place");
                assertThat(podPing(web, bad)).as("dnet/shield-bad isolating bad").isFalse();
                // source: good is admitted once n2 has its labels; bad never is
                Await.until(Duration.ofSeconds(30), () -> ping(d, "good", web.ip()), "good reaching web/p2 on n2");
                assertThat(ping(d, "bad", web.ip())).as("bad (role=bad) denied by web/from-good").isFalse();
                assertThat(podPing(web, good)).as("web/p2 reaching good").isTrue();
                assertThat(dockerRecords(n1)).hasSize(2);
                assertThat(dockerRecords(n1)).allSatisfy(r -> assertThat(r.netns()).as("the sandbox, from Join").isPresent());
                matrixShowsTheContainers(t, web, good, bad);

                d.restart();
                assertThat(d.docker("inspect", "-f", "{{.State.Running}}", "good", "bad").check().out().strip())
                        .isEqualTo("true\ntrue");
                assertThat(ping(d, "good", web.ip())).as("good after dockerd's restart").isTrue();
                assertThat(ping(d, "bad", web.ip())).as("bad after dockerd's restart").isFalse();
                assertThat(podPing(web, good)).isTrue();

                // the driver restarted (with the agent) serves what Docker has from its persisted state
                t.lab.restartAgent("n1", false, cnmArgs);
                Await.until(Duration.ofSeconds(60), () -> answers(cnmSocket), "n1's agent serving CNM again");
                assertThat(ping(d, "good", web.ip())).as("good after the agent's restart").isTrue();
                d.docker("run", "-d", "--name", "late", "--label", "role=good", "--network", "dnet", Dockerd.IMAGE,
                        "sleep", "600").check();
                assertThat(d.docker("exec", "late", "ping", "-c", "1", "-W", "2", good).ok()).as("late reaching good").isTrue();

                d.docker("rm", "-f", "good", "bad", "late").check();
                d.docker("network", "rm", "dnet").check();
                assertThat(addresses(n1.resolve("ipam/weft-lab"))).as("every Docker address released").isEmpty();
                assertThat(Files.readString(n1.resolve("cnm/state.json")))
                        .isEqualTo("{\"pools\":[],\"networks\":[],\"endpoints\":[]}");
                Await.until(Duration.ofSeconds(15), () -> dockerRecords(n1).isEmpty(), "Docker containers unpublished");
            }
        }
    }

    /**
     * The lab's views list the Docker containers beside its pods, marked, and the matrix probes
     * them both ways: what policy admits and what it isolates, cell by cell.
     */
    private static void matrixShowsTheContainers(TestLab t, LabState.Pod web, String good, String bad) {
        List<LabState.Pod> all = LabDocker.withContainers(t.layout, t.state());
        assertThat(all).extracting(LabState.Pod::name, LabState.Pod::node, LabState.Pod::ip, LabState.Pod::docker)
                .containsExactly(tuple("web/p2", "n2", web.ip(), false), tuple("dnet/bad", "n1", bad, true),
                        tuple("dnet/good", "n1", good, true));
        assertThat(LabStatus.render(t.layout, t.state())).contains("dnet/good").contains(good);
        Reachability.Matrix m = Reachability.probe(all, 7777, Duration.ofSeconds(2));
        String seen = m.render();
        assertThat(seen).contains("n1:dnet/good[docker]");
        // rows from, columns to: web/p2, dnet/bad, dnet/good
        assertThat(m.cells()).as(seen).extracting(row -> row.stream().map(Reachability.Cell::mark)
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining())).containsExactly(
                ".X.", // web/p2 reaches good, not bad (dnet/shield-bad)
                "X..", // bad does not reach web/p2 (web/from-good)
                ".X."); // good reaches web/p2, not bad
    }

    /** Something accepts connections on {@code socket} (not a stale file the last agent left). */
    private static boolean answers(Path socket) {
        try (var ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            return ch.connect(java.net.UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private static String ip(Dockerd d, String container) {
        return d.docker("inspect", "-f", "{{.NetworkSettings.Networks.dnet.IPAddress}}", container).check().out().strip();
    }

    private static boolean ping(Dockerd d, String container, String to) {
        return d.docker("exec", container, "ping", "-c", "1", "-W", "2", to).ok();
    }

    private static boolean podPing(LabState.Pod from, String to) {
        return Proc.inNetns(from.netns(), "ping", "-c", "1", "-W", "2", to).ok();
    }

    private static List<PodRecord> dockerRecords(Path node) {
        return PodRecord.readAll(node.resolve("cni-weft")).stream().filter(r -> r.containerId().startsWith("docker-")).toList();
    }

    private static List<String> addresses(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\..*")).toList();
        }
    }
}
