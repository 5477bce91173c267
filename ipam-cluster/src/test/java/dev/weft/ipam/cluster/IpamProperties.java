package dev.weft.ipam.cluster;

import dev.weft.store.embedded.EmbeddedDatastore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random runs of ADD, DEL, stale releases, GC, node removal and crashes at any write, across four
 * nodes and several processes (each its own {@link ClusterIpam} with its own cache) on one small
 * pool: after every step no address is held twice and every live allocation is still held; after
 * a final GC past the grace period nothing but the live allocations is left.
 */
class IpamProperties {
    sealed interface Op {
    }

    record Add(int process, int node, int attachment) implements Op {
    }

    record Del(int attachment) implements Op {
    }

    /** A release carrying the sequence number of an attachment's earlier allocation. */
    record StaleRelease(int attachment) implements Op {
    }

    record Gc(int minutes) implements Op {
    }

    record RemoveNode(int node) implements Op {
    }

    /** An ADD (or, when {@code del}, a DEL) whose process dies at its {@code write}-th write, before or after it lands. */
    record Crash(int process, int node, int attachment, int write, boolean after, boolean del, boolean runtimeDels)
            implements Op {
    }

    private static final int NODES = 4;
    private static final int PROCESSES = 3;
    private static final int ATTACHMENTS = 14;

    @Provide
    Arbitrary<List<Op>> runs() {
        Arbitrary<Integer> proc = Arbitraries.integers().between(0, PROCESSES - 1);
        Arbitrary<Integer> node = Arbitraries.integers().between(0, NODES - 1);
        Arbitrary<Integer> att = Arbitraries.integers().between(0, ATTACHMENTS - 1);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Combinators.combine(proc, node, att).as(Add::new)),
                net.jqwik.api.Tuple.of(4, att.map(Del::new)),
                net.jqwik.api.Tuple.of(1, att.map(StaleRelease::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 5, 11).map(Gc::new)),
                net.jqwik.api.Tuple.of(1, node.map(RemoveNode::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(proc, node, att, Arbitraries.integers().between(0, 3),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as(Crash::new)));
        return op.list().ofMinSize(5).ofMaxSize(30);
    }

    @Property(tries = 100)
    void neverADuplicateNeverALostAllocationAndNoLeakAfterGc(@ForAll("runs") List<Op> run) throws IOException {
        Statistics.label("crash").collect(run.stream().anyMatch(Crash.class::isInstance));
        Statistics.label("crash").coverage(c -> c.check(true).percentage(p -> p >= 20));
        Statistics.label("node removed").collect(run.stream().anyMatch(RemoveNode.class::isInstance));
        Statistics.label("node removed").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Path dir = Files.createTempDirectory("ipam-prop");
        try {
            new World(dir).play(run);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The store, the processes, and the model: which attachments hold which allocation. */
    private static final class World {
        final TestClock clock = new TestClock();
        final HookedDatastore store;
        final List<ClusterIpam> processes = new ArrayList<>();
        final Map<AttachmentId, Allocation> live = new HashMap<>();
        final Map<AttachmentId, String> nodeOf = new HashMap<>();
        final Map<AttachmentId, Allocation> earlier = new HashMap<>();
        final Set<String> removed = new TreeSet<>();

        World(Path dir) {
            store = new HookedDatastore(new EmbeddedDatastore(dir.resolve("store.json")));
            new PoolAdmin(store).add(new PoolSpec("p", "10.0.0.0/27", Optional.of(29), List.of("10.0.0.8/30"),
                    Optional.of("10.0.0.30"), false));
            for (int i = 0; i < PROCESSES; i++) {
                processes.add(new ClusterIpam(store, IpamOptions.defaults().withClock(clock).withRandom(new Random(i))
                        .withAttempts(32, Duration.ZERO)));
            }
        }

        static AttachmentId att(int i) {
            return AttachmentId.of("c" + i, "eth0");
        }

        static String node(int i) {
            return "n" + i;
        }

        void play(List<Op> run) {
            for (Op op : run) {
                step(op);
                Invariants.hold(IpamSnapshot.read(store), view());
            }
            gc(0);
            gc(11);
            gc(11);
            Invariants.noLeaks(IpamSnapshot.read(store), view());
        }

        Map<AttachmentId, List<Allocation>> view() {
            Map<AttachmentId, List<Allocation>> v = new HashMap<>();
            live.forEach((k, a) -> v.put(k, List.of(a)));
            return v;
        }

        void step(Op op) {
            switch (op) {
                case Add a -> add(a.process(), a.node(), a.attachment());
                case Del d -> {
                    processes.getFirst().release(att(d.attachment()));
                    forget(att(d.attachment()));
                }
                case StaleRelease s -> {
                    Allocation old = earlier.get(att(s.attachment()));
                    Allocation now = live.get(att(s.attachment()));
                    if (old != null && (now == null || now.seq() != old.seq())) {
                        assertThat(processes.get(1).releaseIf(att(s.attachment()), old.ip(), old.seq())).isFalse();
                    }
                }
                case Gc g -> gc(g.minutes());
                case RemoveNode r -> {
                    if (removed.size() == NODES - 1) {
                        return; // GC needs one live node
                    }
                    removed.add(node(r.node()));
                    live.keySet().removeIf(k -> removed.contains(nodeOf.get(k)));
                }
                case Crash c -> crash(c);
            }
        }

        void add(int process, int node, int attachment) {
            AttachmentId a = att(attachment);
            String n = nodeOf.getOrDefault(a, node(node)); // an attachment lives on one node
            if (removed.contains(n)) {
                return;
            }
            try {
                Allocation got = processes.get(process).allocate(AllocationRequest.of(n, a, "p"));
                Allocation had = live.get(a);
                assertThat(had == null || had.equals(got)).as("ADD is idempotent: %s then %s", had, got).isTrue();
                live.put(a, got);
                nodeOf.put(a, n);
            } catch (IpamException e) {
                assertThat(e.error()).isEqualTo(IpamError.POOL_EXHAUSTED);
                assertThat(live).doesNotContainKey(a);
            }
        }

        void forget(AttachmentId a) {
            Allocation was = live.remove(a);
            if (was != null) {
                earlier.put(a, was);
            }
        }

        void crash(Crash c) {
            AttachmentId a = att(c.attachment());
            if (!c.del() && live.containsKey(a)) {
                return; // a repeated ADD writes nothing: nothing to crash
            }
            String n = nodeOf.getOrDefault(a, node(c.node()));
            if (removed.contains(n)) {
                return;
            }
            store.dieAtWrite(c.write(), c.after());
            try {
                if (c.del()) {
                    processes.get(c.process()).release(a);
                } else {
                    live.put(a, processes.get(c.process()).allocate(AllocationRequest.of(n, a, "p")));
                    nodeOf.put(a, n);
                }
                store.revive();
                if (c.del()) {
                    forget(a);
                }
                return; // finished before the fatal write
            } catch (IpamException e) {
                store.revive();
            }
            // the plugin died: the ADD or DEL failed; the runtime DELs (again), or the pod never existed
            nodeOf.putIfAbsent(a, n);
            if (c.del() || c.runtimeDels()) {
                processes.get((c.process() + 1) % PROCESSES).release(a);
                forget(a);
            } else {
                forget(a);
            }
        }

        void gc(int minutes) {
            clock.advance(Duration.ofMinutes(minutes));
            Set<String> liveNodes = new HashSet<>();
            for (int i = 0; i < NODES; i++) {
                if (!removed.contains(node(i))) {
                    liveNodes.add(node(i));
                }
            }
            if (liveNodes.isEmpty()) {
                return;
            }
            new IpamGc(store, n -> Optional.of(Set.copyOf(live.keySet().stream()
                    .filter(k -> n.equals(nodeOf.get(k))).toList())), clock, IpamGc.DEFAULT_GRACE).run(liveNodes, false);
        }
    }
}
