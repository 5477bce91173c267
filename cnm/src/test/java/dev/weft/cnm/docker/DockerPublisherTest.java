package dev.weft.cnm.docker;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.net.InterfaceAddress;
import dev.weft.nodestate.PodRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher against a fake dockerd on a unix socket whose answer the test sets. */
class DockerPublisherTest {
    @TempDir
    Path tmp;
    private ServerSocketChannel server;
    private volatile String answer;
    private volatile String networksAnswer = "HTTP/1.0 200 OK\r\n\r\n[]";
    private final List<String> forgotten = new ArrayList<>();
    private final Map<String, Map<String, String>> labels = new HashMap<>();
    private final List<String> labelPuts = new ArrayList<>();
    private final List<String> rounds = new ArrayList<>();
    private volatile List<EndpointRecord> held = DockerPodsTest.endpoints();

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private void fakeDockerd(Path socket) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(() -> {
            while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer req = ByteBuffer.allocate(4096);
                    c.read(req); // one small GET
                    String line = new String(req.array(), 0, req.position(), StandardCharsets.US_ASCII);
                    String a = line.startsWith("GET " + DockerApi.NETWORKS + " ") ? networksAnswer : answer;
                    c.write(ByteBuffer.wrap(a.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private DockerPublisher publisher(Path socket, Path data, Duration grace) {
        DockerSettings s = new DockerSettings(socket, data, (ns, name, l) -> {
            labels.put(ns + "/" + name, l);
            labelPuts.add(ns + "/" + name);
        }, Duration.ofHours(1), grace, timeout -> {
            // the policy round sees what was written before it was asked for
            rounds.add(PodRecord.readAll(data).stream().map(r -> r.namespace() + "/" + r.name() + " " + labels.get(
                    r.namespace() + "/" + r.name())).sorted().toList().toString());
            return true;
        });
        return DockerPublisher.unstarted(s, () -> held, forgotten::add);
    }

    @Test
    void writesLabelsAndRecordsOnceAndRemovesOnlyItsOwnRecordsWhenContainersGo() throws Exception {
        Path socket = tmp.resolve("docker.sock");
        Path data = tmp.resolve("cni");
        fakeDockerd(socket);
        PodRecord cniPod = new PodRecord("web", "p1", "c0ffee", "eth0", List.of(), Optional.empty());
        cniPod.write(data);
        answer = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + DockerPodsTest.containersJson();
        try (DockerPublisher p = publisher(socket, data, Duration.ofHours(1))) {
            p.syncOnce();
            p.syncOnce();
            assertThat(labels).containsEntry("dnet/good", Map.of("role", "good", "tier", "front"));
            assertThat(labelPuts).as("unchanged labels are not put again").containsExactly("dnet/good", "dnet/0123456789ab");
            assertThat(PodRecord.readAll(data)).extracting(PodRecord::name).containsExactlyInAnyOrder("p1", "good", "0123456789ab");

            answer = "HTTP/1.0 500 Internal Server Error\r\n\r\n{\"message\":\"restarting\"}";
            assertThatThrownBy(p::syncOnce).isInstanceOf(UncheckedIOException.class).hasMessageContaining("restarting");
            assertThat(PodRecord.readAll(data)).as("dockerd not answering removes nothing").hasSize(3);

            answer = "HTTP/1.0 200 OK\r\n\r\n[]";
            p.syncOnce();
            assertThat(PodRecord.readAll(data)).as("endpoints the driver still holds keep their records").hasSize(3);
            held = List.of();
            p.syncOnce();
            assertThat(PodRecord.readAll(data)).as("the CNI plugin's record stays").containsExactly(cniPod);
            assertThat(forgotten).as("within the grace nothing is collected").isEmpty();
        }
    }

    @Test
    void endpointsNoContainerListsAreCollectedOnlyAfterTheGraceAndOnlyOnNetworksDockerdHas() throws Exception {
        Path socket = tmp.resolve("docker.sock");
        fakeDockerd(socket);
        answer = "HTTP/1.0 200 OK\r\n\r\n" + DockerPodsTest.containersJson();
        networksAnswer = "HTTP/1.0 200 OK\r\n\r\n[{\"Id\":\"another\"}]";
        try (DockerPublisher p = publisher(socket, tmp.resolve("cni"), Duration.ZERO)) {
            p.syncOnce();
            assertThat(forgotten).as("a dockerd that does not have the network (not ours) collects nothing").isEmpty();
            networksAnswer = "HTTP/1.0 200 OK\r\n\r\n[{\"Id\":\"" + DockerPodsTest.NET + "\"}]";
            p.syncOnce();
            assertThat(forgotten).as("the one endpoint no container lists").containsExactly("eeee" + DockerPodsTest.GOOD_EP.substring(4));
        }
    }

    /**
     * A Join publishes its container before Docker gets the answer — labels, then the record with
     * the sandbox's namespace — and waits for a policy round that sees both; the next round keeps
     * the record although Docker does not list the endpoint yet, and DeleteEndpoint removes it.
     */
    @Test
    void aJoinPublishesTheOnlyStartingContainerOnItsNetworkAndWaitsForThePolicyRound() throws Exception {
        Path socket = tmp.resolve("docker.sock");
        Path data = tmp.resolve("cni");
        fakeDockerd(socket);
        answer = "HTTP/1.0 200 OK\r\n\r\n" + DockerPodsTest.containersJson();
        networksAnswer = "HTTP/1.0 200 OK\r\n\r\n[{\"Id\":\"" + DockerPodsTest.NET + "\",\"Name\":\"dnet\"}]";
        EndpointRecord joining = new EndpointRecord("c" + DockerPodsTest.GOOD_EP.substring(1), DockerPodsTest.NET,
                InterfaceAddress.parse("10.244.1.8/24"), "wcc1b2c3d4e5f", "veth04", Optional.of(Path.of("/run/docker/netns/1a2b")));
        held = List.of(joining);
        try (DockerPublisher p = publisher(socket, data, Duration.ofHours(1))) {
            p.joined(joining);
            PodRecord r = PodRecord.readAll(data).getFirst();
            assertThat(r.name()).as("the one created container on dnet").isEqualTo("created");
            assertThat(r.netns()).contains(Path.of("/run/docker/netns/1a2b"));
            assertThat(rounds).containsExactly("[dnet/created {role=good}]");

            p.syncOnce();
            assertThat(PodRecord.readAll(data)).as("kept until Docker lists the endpoint").containsExactly(r);

            p.deleted(joining);
            assertThat(PodRecord.readAll(data)).isEmpty();
        }
    }

    @Test
    void aJoinWhoseContainerIsNotKnownOrDockerdSilentPublishesNothing() throws Exception {
        Path socket = tmp.resolve("docker.sock");
        Path data = tmp.resolve("cni");
        EndpointRecord joining = new EndpointRecord("c" + DockerPodsTest.GOOD_EP.substring(1), DockerPodsTest.NET,
                InterfaceAddress.parse("10.244.1.8/24"), "wcc1b2c3d4e5f", "veth04", Optional.empty());
        try (DockerPublisher p = publisher(socket, data, Duration.ofHours(1))) {
            p.joined(joining); // no dockerd at all
            fakeDockerd(socket);
            answer = "HTTP/1.0 200 OK\r\n\r\n" + DockerPodsTest.containersJson().replace("\"EndpointID\":\"ffb2", "\"EndpointID\":\"\",\"X\":\"ffb2");
            networksAnswer = "HTTP/1.0 200 OK\r\n\r\n[{\"Id\":\"" + DockerPodsTest.NET + "\",\"Name\":\"dnet\"}]";
            p.joined(joining); // two containers on dnet without an endpoint: which one is it?
            assertThat(PodRecord.readAll(data)).isEmpty();
            assertThat(rounds).isEmpty();
        }
    }
}
