package dev.weft.store;

import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDatastoreTest extends DatastoreContract {
    @TempDir
    Path tmp;

    @Override
    protected Datastore open() {
        return new EmbeddedDatastore(tmp.resolve("store.json"));
    }

    @Test
    void twoHandlesOnOneFileNeverLoseAnIncrement() throws Exception {
        Datastore other = new EmbeddedDatastore(tmp.resolve("store.json"));
        List<Thread> threads = new ArrayList<>();
        for (Datastore d : List.of(store, other)) {
            for (int t = 0; t < 2; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        while (true) {
                            var cur = d.get(k("counter"));
                            long n = cur.map(e -> Long.parseLong(e.text())).orElse(0L);
                            long expect = cur.map(Entry::modRevision).orElse(Datastore.ABSENT);
                            if (d.put(k("counter"), b(String.valueOf(n + 1)), expect, 0).isPresent()) {
                                break;
                            }
                        }
                    }
                }));
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(store.get(k("counter")).orElseThrow().text()).isEqualTo("100");
    }

    /** The embedded store has no transaction limits: any batch is one revision, one rewrite of the file. */
    @Test
    void aLargeBatchIsOneRevision() {
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            writes.add(Write.put(k("big/" + i), b("value " + i)));
        }
        long rev = store.commit(writes);
        assertThat(store.list(k("big/"))).hasSize(10_000).extracting(Entry::modRevision).containsOnly(rev);
    }

    @Test
    void watchFromACompactedRevisionIsRefused() {
        for (int i = 0; i < 1100; i += 100) {
            for (int j = 0; j < 100; j++) {
                store.put(k("churn"), b(String.valueOf(i + j)), Datastore.ANY, 0);
            }
        }
        assertThatThrownBy(() -> store.watch(k(""), 1, e -> { })).isInstanceOf(StoreException.Compacted.class);
    }
}
