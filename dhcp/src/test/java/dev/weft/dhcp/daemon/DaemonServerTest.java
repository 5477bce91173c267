package dev.weft.dhcp.daemon;

import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.testing.FakeLeaseHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static dev.weft.dhcp.daemon.DaemonCodecTest.A;
import static dev.weft.dhcp.daemon.DaemonCodecTest.LEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server and client over a real unix socket, with a fake holder behind the server. */
class DaemonServerTest {
    @TempDir
    Path tmp;
    private final FakeLeaseHolder holder = new FakeLeaseHolder(LEASE);
    private DaemonServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private DaemonClient serve() throws Exception {
        server = DaemonServer.start(tmp.resolve("run/dhcp.sock"), holder);
        return new DaemonClient(server.socket());
    }

    @Test
    void everyOperationReachesTheHolder() throws Exception {
        DaemonClient c = serve();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket()))).isEqualTo("rw-------");

        assertThat(c.acquire(A, "/run/netns/p1", ClientOptions.DEFAULTS, Duration.ofSeconds(7))).isEqualTo(LEASE);
        assertThat(holder.lastNetns).isEqualTo("/run/netns/p1");
        assertThat(holder.lastOptions).isEqualTo(ClientOptions.DEFAULTS);
        assertThat(c.check(A)).isEqualTo(LEASE);
        assertThat(c.renewNow(A, Duration.ofSeconds(2))).isEqualTo(LEASE);
        assertThat(c.attachments()).containsExactly(A);
        assertThat(c.held()).containsExactly(new DaemonReply.Held(A, LEASE));
        assertThat(c.release(A)).isTrue();
        assertThat(c.release(A)).isFalse();
        assertThat(c.lease(A)).isEmpty();
        assertThat(holder.calls).containsExactly("acquire lan:c1:eth0 7000", "check lan:c1:eth0",
                "renew lan:c1:eth0 2000", "check lan:c1:eth0", "release lan:c1:eth0", "release lan:c1:eth0",
                "check lan:c1:eth0");
    }

    @Test
    void theHoldersFailureKeepsItsReason() throws Exception {
        DaemonClient c = serve();
        holder.failure = new DhcpException(DhcpException.Reason.TIMEOUT, "no DHCP server answered");
        assertThatThrownBy(() -> c.acquire(A, "/run/netns/p1", ClientOptions.DEFAULTS, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(DhcpException.class, e -> assertThat(e.reason()).isEqualTo(DhcpException.Reason.TIMEOUT))
                .hasMessage("no DHCP server answered");
        assertThatThrownBy(() -> c.check(A))
                .isInstanceOfSatisfying(DhcpException.class, e -> assertThat(e.reason()).isEqualTo(DhcpException.Reason.NOT_BOUND));
    }

    @Test
    void noServerSaysHowToStartOne() {
        DaemonClient c = new DaemonClient(tmp.resolve("none.sock"));
        assertThatThrownBy(() -> c.release(A)).isInstanceOf(HolderUnavailableException.class)
                .hasMessageContaining(tmp.resolve("none.sock").toString())
                .hasMessageContaining("weft agent").hasMessageContaining("weft dhcp daemon --socket");
    }

    @Test
    void aLiveServersSocketIsNotTakenButAStaleOneIs() throws Exception {
        serve();
        assertThatThrownBy(() -> DaemonServer.start(server.socket(), holder)).isInstanceOf(FileAlreadyExistsException.class);
        server.close();
        // a stale socket file: bound, then its server gone without removing it
        Path stale = tmp.resolve("run/stale.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(stale));
        }
        server = DaemonServer.start(stale, holder);
        assertThat(new DaemonClient(stale).release(A)).isFalse();
    }

    @Test
    void aPeerSpeakingAnotherProtocolIsNamedAsSuch() throws Exception {
        Path sock = tmp.resolve("other.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
            Thread t = Thread.ofVirtual().start(() -> {
                try (SocketChannel peer = ch.accept()) {
                    LineIo.read(peer);
                    LineIo.write(peer, "HTTP/1.0 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> new DaemonClient(sock).release(A))
                    .hasMessageContaining("does not answer in weft's DHCP protocol");
            t.join();
        }
    }

    @Test
    void aBadRequestGetsAnAnswerNotASilentClose() throws Exception {
        serve();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            LineIo.write(ch, "{\"v\":1,\"op\":\"steal\"}\n".getBytes(StandardCharsets.UTF_8));
            DaemonReply r = DaemonCodec.decodeReply(LineIo.read(ch));
            assertThat(r).isInstanceOfSatisfying(DaemonReply.Failed.class,
                    f -> assertThat(f.message()).startsWith("bad request").contains("\"op\""));
        }
        assertThat(holder.calls).isEqualTo(List.of());
    }
}
