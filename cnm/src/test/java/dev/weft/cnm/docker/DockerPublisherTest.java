package dev.weft.cnm.docker;

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
    private final Map<String, Map<String, String>> labels = new HashMap<>();
    private final List<String> labelPuts = new ArrayList<>();

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
                    c.read(ByteBuffer.allocate(4096)); // one small GET
                    c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private DockerPublisher publisher(Path socket, Path data) {
        DockerSettings s = new DockerSettings(socket, data, (ns, name, l) -> {
            labels.put(ns + "/" + name, l);
            labelPuts.add(ns + "/" + name);
        }, Duration.ofHours(1));
        return DockerPublisher.start(s, DockerPodsTest::endpoints);
    }

    @Test
    void writesLabelsAndRecordsOnceAndRemovesOnlyItsOwnRecordsWhenContainersGo() throws Exception {
        Path socket = tmp.resolve("docker.sock");
        Path data = tmp.resolve("cni");
        fakeDockerd(socket);
        PodRecord cniPod = new PodRecord("web", "p1", "c0ffee", "eth0", List.of(), Optional.empty());
        cniPod.write(data);
        answer = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + DockerPodsTest.containersJson();
        try (DockerPublisher p = publisher(socket, data)) {
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
            assertThat(PodRecord.readAll(data)).as("the CNI plugin's record stays").containsExactly(cniPod);
        }
    }
}
