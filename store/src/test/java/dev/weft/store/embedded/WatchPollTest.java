package dev.weft.store.embedded;

import dev.weft.store.Datastore;
import dev.weft.store.WatchEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What a watch's poll costs: an unchanged file is not read again; a lease falling due still expires. */
class WatchPollTest {
    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnchangedFileIsNotReadAgainByItsWatches() throws Exception {
        EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
        store.put("/k", b("1"), Datastore.ANY, 0);
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w1 = store.watch("/k", 0, seen::add); AutoCloseable w2 = store.watch("/other", 0, e -> { })) {
            awaitTrue(() -> seen.size() == 1);
            Thread.sleep(300); // both watches past their first read
            long reads = store.reads();
            Thread.sleep(1_000); // ten poll periods of each watch
            assertThat(store.reads()).as("reads while nothing changed").isEqualTo(reads);

            store.put("/k", b("2"), Datastore.ANY, 0);
            awaitTrue(() -> seen.size() == 2);
            assertThat(seen.get(1).entry().text()).isEqualTo("2");
        }
    }

    @Test
    void aWatchAloneStillExpiresALeaseThatFellDue() throws Exception {
        EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
        long lease = store.grantLease(Duration.ofSeconds(1));
        store.put("/leased", b("v"), Datastore.ANY, lease);
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = store.watch("/leased", 0, seen::add)) {
            // no operation but the watch's polls touches the store from here on
            awaitTrue(() -> seen.stream().anyMatch(e -> e.type() == WatchEvent.Type.DELETE));
        }
        assertThat(seen).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
    }

    @Test
    void aListenerThatThrowsOrACloseStopsOnlyItsOwnWatch() throws Exception {
        EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
        List<WatchEvent> kept = new CopyOnWriteArrayList<>();
        List<WatchEvent> closed = new CopyOnWriteArrayList<>();
        try (AutoCloseable bad = store.watch("/k", 0, e -> {
                throw new IllegalStateException("listener bug");
            });
             AutoCloseable good = store.watch("/k", 0, kept::add)) {
            AutoCloseable gone = store.watch("/k", 0, closed::add);
            store.put("/k", b("1"), Datastore.ANY, 0);
            awaitTrue(() -> kept.size() == 1 && closed.size() == 1);
            gone.close();
            store.put("/k", b("2"), Datastore.ANY, 0);
            awaitTrue(() -> kept.size() == 2);
        }
        assertThat(closed).as("nothing after close").hasSize(1);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
