package dev.weft.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The one contract every {@link Datastore} passes; each implementation's test extends it. */
public abstract class DatastoreContract {
    protected Datastore store;
    private final String ns = "/t" + System.nanoTime() + "/";

    protected abstract Datastore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected String k(String key) {
        return ns + key;
    }

    @Test
    void compareAndSwapOnModRevision() {
        Optional<Long> first = store.put(k("a"), b("1"), Datastore.ABSENT, 0);
        assertThat(first).isPresent();
        assertThat(store.put(k("a"), b("2"), Datastore.ABSENT, 0)).as("already exists").isEmpty();
        Entry e = store.get(k("a")).orElseThrow();
        assertThat(e.text()).isEqualTo("1");
        assertThat(e.modRevision()).isEqualTo(first.get());
        assertThat(e.createRevision()).isEqualTo(first.get());
        assertThat(store.put(k("a"), b("3"), e.modRevision() - 1, 0)).as("stale revision").isEmpty();
        Optional<Long> second = store.put(k("a"), b("3"), e.modRevision(), 0);
        assertThat(second).hasValueSatisfying(r -> assertThat(r).isGreaterThan(first.get()));
        Entry e2 = store.get(k("a")).orElseThrow();
        assertThat(e2.text()).isEqualTo("3");
        assertThat(e2.createRevision()).isEqualTo(first.get());
        assertThat(store.put(k("a"), b("4"), Datastore.ANY, 0)).isPresent();
        assertThat(store.revision()).isGreaterThanOrEqualTo(second.get() + 1);
    }

    @Test
    void listByPrefixInKeyOrder() {
        store.put(k("dir/b"), b("b"), Datastore.ANY, 0);
        store.put(k("dir/a"), b("a"), Datastore.ANY, 0);
        store.put(k("dirx"), b("x"), Datastore.ANY, 0);
        assertThat(store.list(k("dir/"))).extracting(Entry::text).containsExactly("a", "b");
        assertThat(store.get(k("missing"))).isEmpty();
    }

    @Test
    void deleteWithAndWithoutComparison() {
        long rev = store.put(k("d"), b("x"), Datastore.ANY, 0).orElseThrow();
        assertThat(store.delete(k("d"), rev + 100)).isFalse();
        assertThat(store.get(k("d"))).isPresent();
        assertThat(store.delete(k("d"), rev)).isTrue();
        assertThat(store.get(k("d"))).isEmpty();
        assertThat(store.delete(k("d"), Datastore.ANY)).as("nothing left").isFalse();
    }

    @Test
    void leasesTakeTheirKeysWithThem() throws Exception {
        long lease = store.grantLease(Duration.ofSeconds(2));
        store.put(k("leased"), b("v"), Datastore.ANY, lease);
        assertThat(store.get(k("leased")).orElseThrow().lease()).isEqualTo(lease);
        store.revokeLease(lease);
        assertThat(store.get(k("leased"))).isEmpty();
        assertThat(store.renewLease(lease)).isFalse();

        long expiring = store.grantLease(Duration.ofSeconds(1));
        store.put(k("expiring"), b("v"), Datastore.ANY, expiring);
        long renewed = store.grantLease(Duration.ofSeconds(2));
        store.put(k("renewed"), b("v"), Datastore.ANY, renewed);
        long deadline = System.currentTimeMillis() + 15_000;
        while (store.get(k("expiring")).isPresent() && System.currentTimeMillis() < deadline) {
            assertThat(store.renewLease(renewed)).isTrue();
            Thread.sleep(300);
        }
        assertThat(store.get(k("expiring"))).as("expired with its lease").isEmpty();
        assertThat(store.get(k("renewed"))).as("kept alive by renewal").isPresent();
        assertThat(store.renewLease(expiring)).isFalse();
    }

    /** A batch is one change: every key it writes at one revision, deletes included, and the store at that revision. */
    @Test
    void commitAppliesABatchAtOneRevision() {
        store.put(k("b/keep"), b("old"), Datastore.ANY, 0);
        store.put(k("b/gone"), b("x"), Datastore.ANY, 0);
        long rev = store.commit(List.of(Write.put(k("b/keep"), b("new")), Write.delete(k("b/gone")),
                Write.put(k("b/added"), b("1")), Write.delete(k("b/never-was"))));
        assertThat(store.revision()).isEqualTo(rev);
        assertThat(store.get(k("b/keep")).orElseThrow()).satisfies(e -> {
            assertThat(e.text()).isEqualTo("new");
            assertThat(e.modRevision()).isEqualTo(rev);
            assertThat(e.createRevision()).isLessThan(rev);
        });
        assertThat(store.get(k("b/added")).orElseThrow().modRevision()).isEqualTo(rev);
        assertThat(store.get(k("b/gone"))).isEmpty();
        assertThat(store.commit(List.of())).as("an empty batch changes nothing").isEqualTo(rev);
    }

    /** Thousands of writes (past etcd's 128 operations per transaction) are all applied, the last at the revision returned. */
    @Test
    void aLargeBatchIsAllApplied() {
        List<Write> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            writes.add(Write.put(k("big/" + i), b("value " + i)));
        }
        long rev = store.commit(writes);
        List<Entry> all = store.list(k("big/"));
        assertThat(all).hasSize(3000);
        assertThat(all).extracting(Entry::modRevision).allMatch(r -> r <= rev).contains(rev);
        assertThat(store.revision()).isEqualTo(rev);
    }

    /** A guarded commit writes everything at one revision when every guard holds, and nothing when one fails. */
    @Test
    void aGuardedCommitIsOneCompareAndSwapOverSeveralKeys() {
        long a = store.put(k("g/a"), b("1"), Datastore.ABSENT, 0).orElseThrow();
        long watched = store.put(k("g/watched"), b("w"), Datastore.ABSENT, 0).orElseThrow();
        Optional<Long> rev = store.commitIf(List.of(new Guard(k("g/a"), a), new Guard(k("g/new"), Datastore.ABSENT),
                        new Guard(k("g/watched"), watched)),
                List.of(Write.put(k("g/a"), b("2")), Write.put(k("g/new"), b("n"))));
        assertThat(rev).isPresent();
        assertThat(store.get(k("g/a")).orElseThrow()).satisfies(e -> {
            assertThat(e.text()).isEqualTo("2");
            assertThat(e.modRevision()).isEqualTo(rev.get());
        });
        assertThat(store.get(k("g/new")).orElseThrow().modRevision()).isEqualTo(rev.get());
        assertThat(store.get(k("g/watched")).orElseThrow().modRevision()).as("a guard alone writes nothing").isEqualTo(watched);
        long before = store.revision();
        assertThat(store.commitIf(List.of(new Guard(k("g/a"), rev.get()), new Guard(k("g/new"), Datastore.ABSENT)),
                List.of(Write.put(k("g/a"), b("3")), Write.delete(k("g/new"))))).as("g/new exists").isEmpty();
        assertThat(store.commitIf(List.of(new Guard(k("g/a"), a)), List.of(Write.delete(k("g/watched")))))
                .as("stale revision of g/a").isEmpty();
        assertThat(store.revision()).isEqualTo(before);
        assertThat(store.get(k("g/a")).orElseThrow().text()).isEqualTo("2");
        assertThat(store.get(k("g/new"))).isPresent();
        assertThat(store.get(k("g/watched"))).isPresent();
        assertThat(store.commitIf(List.of(new Guard(k("g/a"), rev.get())), List.of(Write.delete(k("g/new")))))
                .hasValueSatisfying(r -> assertThat(r).isGreaterThan(before));
        assertThat(store.get(k("g/new"))).isEmpty();
    }

    @Test
    void aGuardedCommitBeyondOneTransactionIsRefused() {
        List<Write> many = new java.util.ArrayList<>();
        for (int i = 0; i < Datastore.MAX_GUARDED_OPS; i++) {
            many.add(Write.put(k("gm/" + i), b("x")));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commitIf(List.of(new Guard(k("gm/0"), Datastore.ABSENT)), many))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + Datastore.MAX_GUARDED_OPS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Guard(k("gm/0"), Datastore.ANY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedModRevision");
        assertThat(store.list(k("gm/"))).isEmpty();
    }

    @Test
    void aKeyTwiceInOneBatchIsRefusedAndNothingIsWritten() {
        long before = store.revision();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commit(List.of(
                        Write.put(k("dup/a"), b("1")), Write.put(k("dup/b"), b("1")), Write.delete(k("dup/a")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThat(store.list(k("dup/"))).isEmpty();
        assertThat(store.revision()).isEqualTo(before);
    }

    /** Watchers hear of every write of a batch, all at its revision. */
    @Test
    void watchersSeeEveryWriteOfABatch() throws Exception {
        long start = store.revision();
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = store.watch(k("wb/"), start, seen::add)) {
            long rev = store.commit(List.of(Write.put(k("wb/a"), b("1")), Write.put(k("wb/b"), b("2"))));
            long deadline = System.currentTimeMillis() + 10_000;
            while (seen.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(seen).extracting(WatchEvent::revision).containsOnly(rev);
        }
        assertThat(seen).extracting(e -> e.entry().key().substring(ns.length())).containsExactlyInAnyOrder("wb/a", "wb/b");
    }

    @Test
    void watchReplaysChangesAfterARevisionInOrder() throws Exception {
        long start = store.revision();
        store.put(k("w/a"), b("1"), Datastore.ANY, 0);
        store.put(k("other"), b("x"), Datastore.ANY, 0);
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = store.watch(k("w/"), start, seen::add)) {
            store.put(k("w/b"), b("2"), Datastore.ANY, 0);
            store.delete(k("w/a"), Datastore.ANY);
            long deadline = System.currentTimeMillis() + 10_000;
            while (seen.size() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(seen).extracting(e -> e.type() + " " + e.entry().key().substring(ns.length()))
                .containsExactly("PUT w/a", "PUT w/b", "DELETE w/a");
        assertThat(seen).extracting(WatchEvent::revision).isSorted();
    }
}
