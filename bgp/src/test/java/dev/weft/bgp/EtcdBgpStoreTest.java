package dev.weft.bgp;

import dev.weft.store.Datastore;
import dev.weft.store.etcd.EtcdDatastore;
import dev.weft.testkit.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The same contract against a real etcd (Debian's etcd-server) on loopback, as the store module tests it. */
class EtcdBgpStoreTest extends BgpStoreContract {
    @TempDir
    static Path dir;
    private static Daemon etcd;
    private static String url;

    @BeforeAll
    static void startEtcd() throws IOException {
        assertThat(Path.of("/usr/bin/etcd")).as("apt-get install etcd-server").exists();
        int port = freePort();
        String peer = "http://127.0.0.1:" + freePort();
        url = "http://127.0.0.1:" + port;
        etcd = Daemon.start("etcd", null, dir.resolve("etcd.log"), "/usr/bin/etcd", "--name", "weft-bgp-test",
                "--data-dir", dir.resolve("data").toString(), "--listen-client-urls", url, "--advertise-client-urls", url,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
                "weft-bgp-test=" + peer, "--log-level", "error");
        etcd.awaitReady(Duration.ofSeconds(20), () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Datastore open() {
        Datastore d = new EtcdDatastore(java.util.List.of(url));
        // One etcd for the class: each test starts from an empty keyspace.
        d.list("/weft/").forEach(e -> d.delete(e.key(), Datastore.ANY));
        return d;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
