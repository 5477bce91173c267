package dev.weft.ipam.cluster;

import dev.weft.lock.FileMutex;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.etcd.EtcdDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four nodes sharing one etcd, each with an agent-like and a plugin-like process (two
 * {@link ClusterIpam}s with their own caches, one host lock per node), many threads adding and
 * deleting at once on a pool small enough that nodes claim every block and then borrow: no
 * address is ever held twice, every successful ADD is still held at the end, and after GC nothing
 * else is. Then the same with etcd restarted in the middle.
 */
class ConcurrencyEtcdTest {
    private static final int NODES = 4;
    private static final int ROUNDS = 10;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private record Outcome(Map<AttachmentId, List<Allocation>> live, Map<AttachmentId, String> nodes, int failed) {
    }

    private Outcome churn(Datastore store, String tag, int[] threadsPerProcess, java.util.function.Consumer<AtomicInteger> midway)
            throws InterruptedException {
        int total = 0;
        for (int t : threadsPerProcess) {
            total += 2 * t * ROUNDS;
        }
        int half = total / 2;
        Map<AttachmentId, List<Allocation>> live = new ConcurrentHashMap<>();
        Map<AttachmentId, String> nodes = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            String node = "node-" + n;
            HostLock lock = new FileMutex(dir.resolve(tag + "-" + node + ".lock"))::locked;
            for (int p = 0; p < 2; p++) {
                ClusterIpam ipam = new ClusterIpam(store, IpamOptions.defaults().withHostLock(lock)
                        .withRandom(new Random(n * 10L + p)));
                for (int t = 0; t < threadsPerProcess[n]; t++) {
                    String prefix = tag + "-" + n + "-" + p + "-" + t + "-";
                    Random rnd = new Random(prefix.hashCode());
                    threads.add(Thread.ofPlatform().start(() -> {
                        List<AttachmentId> mine = new ArrayList<>();
                        for (int i = 0; i < ROUNDS; i++) {
                            AttachmentId a = AttachmentId.of(prefix + i, "eth0");
                            nodes.put(a, node);
                            try {
                                live.put(a, List.of(ipam.allocate(AllocationRequest.of(node, a, "p"))));
                                mine.add(a);
                            } catch (IpamException e) {
                                failed.incrementAndGet();
                                del(ipam, a); // as the runtime does after a failed ADD
                            }
                            if (!mine.isEmpty() && rnd.nextBoolean()) {
                                AttachmentId gone = mine.remove(rnd.nextInt(mine.size()));
                                failed.addAndGet(del(ipam, gone));
                                live.remove(gone);
                            }
                            if (done.incrementAndGet() == half) {
                                midway.accept(failed);
                            }
                        }
                    }));
                }
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Outcome(live, nodes, failed.get());
    }

    /** DEL until it succeeds, as a runtime retries it; how many attempts failed. */
    private static int del(ClusterIpam ipam, AttachmentId a) {
        for (int failures = 0; ; failures++) {
            try {
                ipam.release(a);
                return failures;
            } catch (IpamException e) {
                if (failures > 100) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    private static void wipe(Datastore store) {
        for (Entry e : store.list(IpamKeys.ROOT)) {
            store.delete(e.key(), Datastore.ANY);
        }
    }

    private static void collect(Datastore store, Outcome o) {
        TestClock clock = new TestClock();
        clock.advance(Duration.ofDays(1)); // every allocation is older than the grace period
        Set<String> nodes = new HashSet<>(o.nodes().values());
        IpamGc gc = new IpamGc(store, n -> Optional.of(Set.copyOf(o.live().keySet().stream()
                .filter(a -> n.equals(o.nodes().get(a))).toList())), clock, IpamGc.DEFAULT_GRACE,
                IpamOptions.defaults());
        gc.run(nodes, false);
        clock.advance(Duration.ofMinutes(11));
        gc.run(nodes, false);
    }

    @Test
    void manyThreadsOnFourNodesNeverShareAnAddressAndLeakNothingAfterGc() throws Exception {
        try (Datastore store = new EtcdDatastore(ETCD.endpoints())) {
            wipe(store);
            // ten blocks of 32; nodes 1-3 claim three each first, so node-0's many pods must borrow
            new PoolAdmin(store).add(new PoolSpec("p", "10.7.0.0/23", Optional.of(27),
                    List.of("10.7.1.0-10.7.1.191"), Optional.empty(), false));
            ClusterIpam setup = new ClusterIpam(store);
            for (int n = 1; n < NODES; n++) {
                List<AttachmentId> pre = new ArrayList<>();
                for (int i = 0; i < 96; i++) {
                    pre.add(AttachmentId.of("pre-" + n + "-" + i, "eth0"));
                    setup.allocate(AllocationRequest.of("node-" + n, pre.getLast(), "p"));
                }
                pre.forEach(setup::release);
            }
            Outcome o = churn(store, "a", new int[] {16, 3, 3, 3}, failed -> { });
            assertThat(o.failed()).as("no ADD or DEL failed").isZero();
            Invariants.hold(IpamSnapshot.read(store), o.live());
            RoutingView routing = setup.routing();
            assertThat(routing.borrowedBy("node-0")).as("node-0 borrowed").hasSizeGreaterThan(20);
            collect(store, o);
            Invariants.noLeaks(IpamSnapshot.read(store), o.live());
            assertThat(o.live()).hasSizeGreaterThan(200);
        }
    }

    @Test
    void anEtcdRestartMidwayFailsSomeCallsAndLosesOrDuplicatesNothing() throws Exception {
        try (Datastore store = new EtcdDatastore(ETCD.endpoints())) {
            wipe(store);
            new PoolAdmin(store).add(new PoolSpec("p", "10.8.0.0/23", Optional.of(27), List.of(), Optional.empty(), false));
            // etcd stays down until a call has failed (a quick restart could otherwise pass unnoticed
            // by the clients: the call that restarts it is the only one not under way)
            Outcome o = churn(store, "b", new int[] {6, 6, 6, 6}, failed -> ETCD.restart(() -> {
                for (long until = System.nanoTime() + 30_000_000_000L; failed.get() == 0 && System.nanoTime() < until; ) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
            assertThat(o.failed()).as("calls during the restart failed").isPositive();
            Invariants.hold(IpamSnapshot.read(store), o.live());
            collect(store, o);
            Invariants.noLeaks(IpamSnapshot.read(store), o.live());
        }
    }
}
