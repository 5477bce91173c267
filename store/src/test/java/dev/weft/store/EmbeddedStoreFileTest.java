package dev.weft.store;

import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's file as outside input (issue #13, item 9): a file that does not decode
 * exactly is an error naming the file and the problem, it is never overwritten, and the last good
 * state is kept beside it as {@code .bak}.
 */
class EmbeddedStoreFileTest {
    private static final byte[] V = "v".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /**
     * Damaged files. Each used to read as an empty store: {@code get} found nothing and the next
     * {@code put} rewrote the file from scratch; {@code "entries":"x"} silently dropped the entries.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", " \n\t ", "[]", "{}", "null", "{\"revision\":3}",
            "{\"revision\":5,\"nextLease\":1,\"oldestEvent\":1,\"entries\":\"x\",\"leases\":[],\"events\":[]}",
            "{\"revision\":5,\"nextLease\":1,\"oldestEvent\":1,\"entries\":[{\"key\":\"/a\",\"value\":\"!!\",\"create\":1,\"mod\":1,\"lease\":0}],\"leases\":[],\"events\":[]}",
            "{\"revision\":5,\"nextLease\":1,\"oldestEvent\":1,\"entries\":[],\"leases\":[],\"events\":[{\"type\":\"MOVE\"}]}",
            "{\"revision\":5,\"nextLease\":1,\"oldestEvent\":1,\"entries\":[],\"leases\":[],\"events\":[]} trailing",
            "{\"revision\":5,\"nextLease\":1,\"oldestEvent\":1,\"entries\":[],\"leases\":[],\"events\":[],\"extra\":1}",
            "{\"revision\":\"5\",\"nextLease\":1,\"oldestEvent\":1,\"entries\":[],\"leases\":[],\"events\":[]}",
            "{\"revision\":5,\"nextLease\":1,\"oldestEvent\":1,\"entries\":[],\"le"})
    void aFileThatDoesNotDecodeIsAnErrorAndIsNeverOverwritten(String content) throws Exception {
        Path file = Files.writeString(tmp.resolve("store.json"), content);
        try (Datastore store = new EmbeddedDatastore(file)) {
            assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(".bak");
            assertThatThrownBy(() -> store.put("/a", V, Datastore.ANY, 0)).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.list("/")).isInstanceOf(StoreException.class);
        }
        assertThat(Files.readString(file)).as("left exactly as it was").isEqualTo(content);
    }

    @Test
    void binaryGarbageIsAnError() throws Exception {
        Path file = Files.write(tmp.resolve("store.json"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 1});
        try (Datastore store = new EmbeddedDatastore(file)) {
            assertThatThrownBy(() -> store.revision()).isInstanceOf(StoreException.class).hasMessageContaining(file.toString());
        }
        assertThat(Files.readAllBytes(file)).containsExactly(0, (byte) 0xff, (byte) 0xfe, 1);
    }

    /** A store that does not exist yet is a new, empty store (first use must keep working). */
    @Test
    void aMissingFileIsANewEmptyStore() {
        Path file = tmp.resolve("sub/store.json");
        try (Datastore store = new EmbeddedDatastore(file)) {
            assertThat(store.get("/a")).isEmpty();
            assertThat(store.revision()).isZero();
            assertThat(store.put("/a", V, Datastore.ABSENT, 0)).isPresent();
            assertThat(store.get("/a")).isPresent();
        }
        assertThat(file).exists();
    }

    /**
     * Every change first keeps the state it replaces as {@code .bak}, so a damaged file can be
     * recovered by hand. There used to be no copy at all.
     */
    @Test
    void theLastGoodStateIsKeptAsBak() throws Exception {
        Path file = tmp.resolve("store.json");
        Path bak = tmp.resolve("store.json.bak");
        try (Datastore store = new EmbeddedDatastore(file)) {
            store.put("/a", V, Datastore.ANY, 0);
            store.put("/b", V, Datastore.ANY, 0);
        }
        try (Datastore old = new EmbeddedDatastore(bak)) {
            assertThat(old.get("/a")).as("the state before the last change").isPresent();
            assertThat(old.get("/b")).isEmpty();
        }
        Files.writeString(file, "{}"); // damaged
        try (Datastore store = new EmbeddedDatastore(file)) {
            assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreException.class)
                    .hasMessageContaining(bak.toString());
        }
        Files.copy(bak, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // the recovery the message describes
        try (Datastore store = new EmbeddedDatastore(file)) {
            assertThat(store.get("/a")).isPresent();
        }
    }

    /** Only root reads the cluster state: the store and its backup are 0600. */
    @Test
    void theStoreAndItsBackupAreOwnerOnly() throws Exception {
        Path file = tmp.resolve("store.json");
        try (Datastore store = new EmbeddedDatastore(file)) {
            store.put("/a", V, Datastore.ANY, 0);
            long lease = store.grantLease(Duration.ofMinutes(1));
            store.put("/b", V, Datastore.ANY, lease);
        }
        for (String name : new String[] {"store.json", "store.json.bak"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(name)))).as(name)
                    .isEqualTo("rw-------");
        }
    }
}
