package dev.weft.store;

import dev.weft.store.etcd.EtcdDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same contract against a real etcd (Debian's etcd-server) on a loopback port. */
class EtcdDatastoreTest extends DatastoreContract {
    @TempDir
    static Path dir;
    private static Process etcd;
    private static int port;

    @BeforeAll
    static void startEtcd() throws Exception {
        assertThat(Path.of("/usr/bin/etcd")).as("apt-get install etcd-server").exists();
        port = freePort();
        int peer = freePort();
        String client = "http://127.0.0.1:" + port;
        String peerUrl = "http://127.0.0.1:" + peer;
        etcd = new ProcessBuilder("/usr/bin/etcd", "--name", "weft-test", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "weft-test=" + peerUrl, "--log-level", "error")
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("etcd did not start: " + Files.readString(dir.resolve("etcd.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.destroy();
            etcd.waitFor();
        }
    }

    @Override
    protected Datastore open() {
        return new EtcdDatastore(List.of("http://127.0.0.1:" + port));
    }
}
