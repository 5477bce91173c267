package dev.weft.node.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint serves the text format on a 0600 unix socket or a loopback port, and nothing else. */
class MetricsServerTest {
    @TempDir
    Path tmp;

    private final NodeMetrics metrics = NodeMetrics.unserved();

    @Test
    void servesOnAUnixSocketOnlyToItsOwner() throws Exception {
        Path sock = tmp.resolve("run/metrics.sock");
        Files.createDirectories(sock.getParent());
        Files.writeString(sock, "stale");
        metrics.recordPeers(2, 0);
        try (MetricsServer server = MetricsServer.start(new MetricsEndpoint.Unix(sock), metrics)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
            String text = MetricsScrape.text(server.endpoint());
            assertThat(text).contains("# TYPE weft_peers_connected gauge").contains("weft_peers_connected 2.0");
            metrics.recordPeers(3, 0);
            assertThat(MetricsScrape.sum(MetricsScrape.samples(MetricsScrape.text(server.endpoint())),
                    "weft_peers_connected")).isEqualTo(3);
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void servesOnALoopbackPortAndRefusesOtherPaths() throws Exception {
        try (MetricsServer server = MetricsServer.start(new MetricsEndpoint.Tcp(InetAddress.getLoopbackAddress(), 0),
                metrics)) {
            MetricsEndpoint.Tcp bound = (MetricsEndpoint.Tcp) server.endpoint();
            assertThat(bound.port()).isPositive();
            assertThat(MetricsScrape.text(bound)).contains("weft_peers_connected 0.0");
            try (var s = new java.net.Socket(bound.address(), bound.port())) {
                s.getOutputStream().write("GET /other HTTP/1.0\r\n\r\n".getBytes());
                assertThat(new String(s.getInputStream().readAllBytes())).matches("(?s)HTTP/1\\.[01] 404 .*");
            }
        }
    }

    @Test
    void aScrapeOfNothingSaysWhere() {
        assertThatThrownBy(() -> MetricsScrape.text(new MetricsEndpoint.Unix(tmp.resolve("none.sock"))))
                .isInstanceOf(IOException.class);
    }
}
