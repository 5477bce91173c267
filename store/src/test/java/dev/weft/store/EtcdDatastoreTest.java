package dev.weft.store;

import dev.weft.store.etcd.EtcdDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Past the client's transaction limits a batch is several transactions, in order, all applied. */
    @Test
    void aBatchOverTheLimitsIsCommittedInSeveralTransactions() {
        try (Datastore small = new EtcdDatastore(List.of("http://127.0.0.1:" + port), new EtcdDatastore.TxnLimits(4, 400))) {
            List<Write> writes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                writes.add(Write.put(k("small/" + i), b("v" + i)));
            }
            long rev = small.commit(writes);
            List<Entry> all = small.list(k("small/"));
            assertThat(all).hasSize(50);
            assertThat(all.stream().map(Entry::modRevision).distinct().count()).as("transactions").isGreaterThan(1);
            assertThat(all).extracting(Entry::modRevision).allMatch(r -> r <= rev);
        }
    }

    /**
     * A batch whose last transaction etcd refuses (a value over its 1.5 MiB request limit): the
     * transactions already committed are undone, so nothing of the batch is left and the key it
     * overwrote has its old value again.
     */
    @Test
    void aFailedLaterTransactionUndoesTheEarlierOnes() {
        store.put(k("u/old"), b("old"), Datastore.ANY, 0);
        store.put(k("u/doomed"), b("still here"), Datastore.ANY, 0);
        List<Write> writes = new ArrayList<>();
        writes.add(Write.put(k("u/old"), b("new")));
        writes.add(Write.delete(k("u/doomed")));
        for (int i = 0; i < 300; i++) {
            writes.add(Write.put(k("u/" + i), b("x".repeat(100))));
        }
        writes.add(Write.put(k("u/huge"), new byte[3 << 20]));
        assertThatThrownBy(() -> store.commit(writes)).isInstanceOf(StoreException.class)
                .hasMessageContaining("were undone");
        assertThat(store.get(k("u/old")).orElseThrow().text()).isEqualTo("old");
        assertThat(store.get(k("u/doomed")).orElseThrow().text()).isEqualTo("still here");
        assertThat(store.list(k("u/"))).extracting(Entry::key).containsExactlyInAnyOrder(k("u/old"), k("u/doomed"));
    }
}
