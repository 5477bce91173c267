package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The allocation suite every datastore passes; each implementation's test extends it. */
abstract class ClusterIpamContract {
    protected Datastore store;
    protected final TestClock clock = new TestClock();
    protected PoolAdmin admin;
    protected ClusterIpam ipam;

    protected abstract Datastore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
        for (Entry e : store.list(IpamKeys.ROOT)) {
            store.delete(e.key(), Datastore.ANY);
        }
        admin = new PoolAdmin(store);
        ipam = newIpam();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected ClusterIpam newIpam() {
        return new ClusterIpam(store, IpamOptions.defaults().withClock(clock).withRandom(new Random(7)));
    }

    static AttachmentId att(String id) {
        return AttachmentId.of(id, "eth0");
    }

    protected Pool pool(String name, String cidr, int blockSize, boolean strict, String... excludes) {
        return admin.add(new PoolSpec(name, cidr, Optional.of(blockSize), List.of(excludes), Optional.empty(), strict));
    }

    protected Allocation add(String node, String id, String pool) {
        return ipam.allocate(AllocationRequest.of(node, att(id), pool));
    }

    protected IpamSnapshot snap() {
        return IpamSnapshot.read(store);
    }

    @Test
    void allocatesDistinctAddressesFromOneBlockOfTheNode() {
        pool("p", "10.10.0.0/28", 28, false);
        List<IpAddress> got = new ArrayList<>();
        Map<AttachmentId, List<Allocation>> live = new java.util.HashMap<>();
        for (int i = 0; i < 5; i++) {
            Allocation a = add("n1", "c" + i, "p");
            live.put(att("c" + i), List.of(a));
            assertThat(a.borrowed()).isFalse();
            assertThat(a.poolCidr()).isEqualTo(Cidr.parse("10.10.0.0/28"));
            got.add(a.ip());
        }
        assertThat(got).doesNotHaveDuplicates().first().as("the pool's network address is never given")
                .isEqualTo(IpAddress.parse("10.10.0.1"));
        assertThat(new HashSet<>(got.stream().map(ip -> Cidr.of(ip, 28)).toList())).hasSize(1);
        IpamSnapshot s = snap();
        assertThat(s.blocks()).singleElement().satisfies(b -> assertThat(b.value().affinity()).contains("n1"));
        assertThat(s.affinities()).singleElement().satisfies(a -> assertThat(a.node()).isEqualTo("n1"));
        Invariants.noLeaks(s, live);
    }

    @Test
    void theHotPathIsOneTransactionAndNoReadAndAFreshProcessReadsThreeTimes() {
        pool("p", "10.15.0.0/24", 26, false);
        CountingDatastore counted = new CountingDatastore(store);
        ClusterIpam warm = new ClusterIpam(counted, IpamOptions.defaults().withClock(clock));
        warm.allocate(AllocationRequest.of("n1", att("first"), "p")); // claims the block, fills the caches
        int n = 20;
        long[] nanos = new long[n];
        counted.reset();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            warm.allocate(AllocationRequest.of("n1", att("hot" + i), "p"));
            nanos[i] = System.nanoTime() - t0;
        }
        assertThat(counted.reads.get()).as("reads").isZero();
        assertThat(counted.writes.get()).as("writes: the block and the handle in one transaction").isEqualTo(n);
        counted.reset();
        assertThat(warm.release(att("hot0"))).hasSize(1);
        assertThat(counted.reads.get()).as("DEL of a handle this process wrote reads nothing").isZero();
        assertThat(counted.writes.get()).as("DEL frees the block slot and deletes the handle in one transaction").isEqualTo(1);
        assertThat(warm.handle(att("hot0"))).isEmpty();
        assertThat(warm.lookup(att("hot1"))).hasSize(1);
        counted.reset();
        ClusterIpam cold = new ClusterIpam(counted, IpamOptions.defaults().withClock(clock));
        cold.allocate(AllocationRequest.of("n1", att("cold"), "p"));
        assertThat(counted.reads.get()).as("a fresh process reads the pools, the node's index and its block").isEqualTo(3);
        assertThat(counted.writes.get()).isEqualTo(1);
        counted.reset();
        assertThat(cold.release(att("hot1"))).as("another process's attachment").hasSize(1);
        assertThat(counted.reads.get()).as("DEL of an unknown handle reads it").isEqualTo(1);
        assertThat(counted.writes.get()).isEqualTo(1);
        java.util.Arrays.sort(nanos);
        System.err.printf("%s: warm ADD p50 %.2f ms, max %.2f ms over %d%n", getClass().getSimpleName(),
                nanos[n / 2] / 1e6, nanos[n - 1] / 1e6, n);
    }

    @Test
    void addIsIdempotentPerAttachmentAndPool() {
        pool("p", "10.10.0.0/24", 28, false);
        Allocation first = add("n1", "c1", "p");
        Allocation again = add("n1", "c1", "p");
        Allocation viaFreshProcess = newIpam().allocate(AllocationRequest.of("n1", att("c1"), "p"));
        assertThat(again).isEqualTo(first);
        assertThat(viaFreshProcess).isEqualTo(first);
        assertThat(ipam.lookup(att("c1"))).containsExactly(first);
        assertThat(snap().blocks().getFirst().value().slots()).hasSize(1);
    }

    @Test
    void releaseFreesExactlyTheAttachmentsAddressesAndSucceedsWithNothingToRelease() {
        pool("p", "10.10.0.0/24", 28, false);
        Allocation a = add("n1", "a", "p");
        Allocation b = add("n1", "b", "p");
        assertThat(ipam.release(att("a"))).containsExactly(a.ip());
        assertThat(ipam.release(att("a"))).isEmpty();
        assertThat(ipam.release(att("never"))).isEmpty();
        assertThat(ipam.lookup(att("a"))).isEmpty();
        assertThat(ipam.lookup(att("b"))).containsExactly(b);
        Invariants.noLeaks(snap(), Map.of(att("b"), List.of(b)));
    }

    @Test
    void aStaleReleaseAfterReallocationFreesNothing() {
        pool("tiny", "10.20.0.0/30", 30, false); // .1 and .2 only
        Allocation a1 = add("n1", "a", "tiny");
        Allocation b = add("n1", "b", "tiny");
        ipam.release(att("a"));
        Allocation a2 = add("n1", "a", "tiny");
        assertThat(a2.ip()).as("the only free address").isEqualTo(a1.ip());
        assertThat(a2.seq()).isGreaterThan(a1.seq());
        assertThat(ipam.releaseIf(att("a"), a1.ip(), a1.seq())).as("stale seq").isFalse();
        assertThat(newIpam().releaseIf(att("a"), a1.ip(), a1.seq())).as("stale seq, cold cache").isFalse();
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(a2), att("b"), List.of(b)));
        assertThat(ipam.releaseIf(att("a"), a2.ip(), a2.seq())).isTrue();
        Invariants.noLeaks(snap(), Map.of(att("b"), List.of(b)));
    }

    @Test
    void freedAddressesAreReusedLast() {
        pool("p", "10.30.0.0/28", 28, false); // .1 - .14
        List<Allocation> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            all.add(add("n1", "c" + i, "p"));
        }
        ipam.release(att("c2")); // .2 freed first
        ipam.release(att("c1")); // then .1
        assertThat(add("n1", "d", "p").ip()).as("a never-used address before a freed one").isEqualTo(IpAddress.parse("10.30.0.4"));
        for (int i = 5; i <= 14; i++) {
            add("n1", "fill" + i, "p");
        }
        assertThat(add("n1", "x", "p").ip()).as("longest freed first").isEqualTo(IpAddress.parse("10.30.0.2"));
        assertThat(add("n1", "y", "p").ip()).isEqualTo(IpAddress.parse("10.30.0.1"));
    }

    @Test
    void anExhaustedPoolIsAClearErrorAndLeavesNothingBehind() {
        pool("small", "10.40.0.0/30", 30, false);
        Allocation a = add("n1", "a", "small");
        add("n1", "b", "small");
        assertThat(add("n1", "a", "small")).as("a repeated ADD needs no room").isEqualTo(a);
        assertThatThrownBy(() -> add("n1", "c", "small")).isInstanceOfSatisfying(IpamException.class, e -> {
            assertThat(e.error()).isEqualTo(IpamError.POOL_EXHAUSTED);
            assertThat(e.cniCode()).isEqualTo(100);
            assertThat(e.field()).isEqualTo("pool");
        }).hasMessageContaining("pool small").hasMessageContaining("10.40.0.0/30");
        assertThat(ipam.handle(att("c"))).isEmpty();
        assertThat(snap().blocks().getFirst().value().slots()).hasSize(2);
    }

    @Test
    void aNodeClaimsAnotherBlockWhenItsBlocksAreFull() {
        pool("p", "10.50.0.0/26", 28, false);
        for (int i = 0; i < 20; i++) {
            add("n1", "c" + i, "p");
        }
        IpamSnapshot s = snap();
        assertThat(s.blocks()).hasSize(2).allSatisfy(b -> assertThat(b.value().affinity()).contains("n1"));
        assertThat(ipam.routing().blocksOf("n1")).hasSize(2);
    }

    @Test
    void borrowsWhenNoBlockIsFreeAndExposesTheBorrowedAddress() {
        pool("p", "10.60.0.0/27", 28, false); // two blocks
        add("n1", "a", "p");
        add("n2", "b", "p");
        for (int i = 0; i < 15; i++) {
            add("n2", "fill" + i, "p"); // 15 fit in either block; n2's 16th borrows from n1
        }
        List<Allocation> borrowed = new ArrayList<>();
        for (Versioned<Handle> h : snap().handles().values()) {
            borrowed.addAll(ipam.lookup(h.value().attachment()).stream().filter(Allocation::borrowed).toList());
        }
        assertThat(borrowed).hasSize(1);
        IpAddress ip = borrowed.getFirst().ip();
        RoutingView r = ipam.routing();
        assertThat(r.borrowedBy("n2")).containsExactly(ip);
        assertThat(r.lentBy("n1")).singleElement().satisfies(l -> {
            assertThat(l.node()).isEqualTo("n2");
            assertThat(l.blockNode()).contains("n1");
        });
        assertThat(r.blocksOf("n1")).containsExactly(Cidr.of(ip, 28));
        assertThat(PeerRoutes.of(r, "n1").of("n2")).as("n1 sends the borrowed address to n2, not to its own pods")
                .contains(Cidr.host(ip)).containsAll(r.blocksOf("n2"));
        assertThat(PeerRoutes.of(r, "n2").local()).containsExactly(Cidr.host(ip));
    }

    @Test
    void strictAffinityRefusesToBorrow() {
        pool("s", "10.70.0.0/27", 28, true);
        add("n1", "a", "s");
        add("n2", "b", "s");
        for (int i = 0; i < 14; i++) {
            add("n2", "fill" + i, "s");
        }
        assertThatThrownBy(() -> add("n2", "more", "s")).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_EXHAUSTED)).hasMessageContaining("strict affinity");
    }

    @Test
    void aRequestedAddressIsGivenOnceAndItsMistakesAreNamed() {
        admin.add(new PoolSpec("r", "10.80.0.0/24", Optional.of(26), List.of("10.80.0.100-10.80.0.110"),
                Optional.of("10.80.0.254"), false));
        AllocationRequest want = AllocationRequest.of("n1", att("a"), "r").withRequested(IpAddress.parse("10.80.0.77"));
        Allocation a = ipam.allocate(want);
        assertThat(a.ip()).isEqualTo(IpAddress.parse("10.80.0.77"));
        assertThat(a.gateway()).contains(IpAddress.parse("10.80.0.254"));
        assertThat(ipam.allocate(want)).as("idempotent").isEqualTo(a);
        assertThatThrownBy(() -> ipam.allocate(AllocationRequest.of("n2", att("b"), "r")
                .withRequested(IpAddress.parse("10.80.0.77")))).isInstanceOfSatisfying(IpamException.class, e -> {
                    assertThat(e.error()).isEqualTo(IpamError.ADDRESS_UNAVAILABLE);
                    assertThat(e.field()).isEqualTo("requestedIp");
                }).hasMessageContaining(att("a").toString());
        for (String bad : List.of("10.80.0.105", "10.80.0.254", "10.80.0.0", "10.80.0.255")) {
            assertThatThrownBy(() -> ipam.allocate(AllocationRequest.of("n1", att("c"), "r")
                    .withRequested(IpAddress.parse(bad)))).isInstanceOfSatisfying(IpamException.class,
                    e -> assertThat(e.error()).isEqualTo(IpamError.ADDRESS_UNAVAILABLE)).hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> ipam.allocate(AllocationRequest.of("n1", att("c"), "r")
                .withRequested(IpAddress.parse("10.81.0.1")))).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.field()).isEqualTo("requestedIp"));
        assertThat(ipam.handle(att("c"))).isEmpty();
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(a)));
    }

    @Test
    void dualStackHandleHoldsOneAddressPerPool() {
        pool("v4", "10.90.0.0/24", 28, false);
        pool("v6", "fd00:90::/124", 124, false);
        Allocation a4 = add("n1", "a", "v4");
        Allocation a6 = add("n1", "a", "v6");
        assertThat(a6.ip().isV6()).isTrue();
        assertThat(a6.ip()).as("IPv6 pools keep their first address").isEqualTo(IpAddress.parse("fd00:90::"));
        assertThat(ipam.lookup(att("a"))).containsExactlyInAnyOrder(a4, a6);
        assertThat(add("n1", "a", "v6")).isEqualTo(a6);
        assertThat(ipam.release(att("a"))).containsExactlyInAnyOrder(a4.ip(), a6.ip());
        Invariants.noLeaks(snap(), Map.of());
    }

    @Test
    void anUnknownPoolIsNamed() {
        assertThatThrownBy(() -> add("n1", "a", "nope")).isInstanceOfSatisfying(IpamException.class, e -> {
            assertThat(e.error()).isEqualTo(IpamError.POOL_NOT_FOUND);
            assertThat(e.field()).isEqualTo("pool");
        }).hasMessageContaining("nope");
    }

    @Test
    void twoProcessesOfOneNodeShareItsBlocks() {
        pool("p", "10.100.0.0/24", 28, false);
        ClusterIpam other = newIpam();
        List<Allocation> got = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            got.add((i % 2 == 0 ? ipam : other).allocate(AllocationRequest.of("n1", att("c" + i), "p")));
        }
        assertThat(got.stream().map(Allocation::ip).toList()).doesNotHaveDuplicates();
        assertThat(snap().blocks()).as("one block until it is full").hasSize(1);
    }

    /**
     * The one-transaction ADD and DEL start from what a process cached; when another process
     * changed the handle or the block meanwhile, the guards fail and the right thing still happens.
     */
    @Test
    void staleCachedHandlesAndBlocksNeverFreeOrGiveTheWrongAddress() {
        pool("p", "10.120.0.0/24", 28, false);
        ClusterIpam other = newIpam();
        Allocation a1 = add("n1", "a", "p"); // ipam caches a's handle
        Allocation b = add("n1", "b", "p");
        assertThat(other.release(att("a"))).containsExactly(a1.ip());
        Allocation a2 = other.allocate(AllocationRequest.of("n1", att("a"), "p"));
        assertThat(a2.seq()).isGreaterThan(a1.seq());
        assertThat(ipam.allocate(AllocationRequest.of("n1", att("a"), "p"))).as("a repeated ADD: what a holds now")
                .isEqualTo(a2);
        Allocation c = other.allocate(AllocationRequest.of("n1", att("c"), "p")); // the block moves on under ipam
        assertThat(ipam.release(att("b"))).as("a stale block: freed from a fresh read").containsExactly(b.ip());
        assertThat(other.release(att("a"))).containsExactly(a2.ip());
        assertThat(ipam.release(att("a"))).as("released by the other process: nothing left").isEmpty();
        Invariants.noLeaks(snap(), Map.of(att("c"), List.of(c)));
        Allocation fresh = ipam.allocate(AllocationRequest.of("n1", att("a"), "p"));
        assertThat(fresh.ip()).isNotIn(b.ip(), c.ip());
        Invariants.noLeaks(snap(), Map.of(att("c"), List.of(c), att("a"), List.of(fresh)));
    }

    @Test
    void aForcedPoolDeleteStopsAllocationsFromCachedBlocks() {
        pool("p", "10.110.0.0/24", 28, false);
        add("n1", "a", "p");
        assertThat(admin.del("p", true).addressesReleased()).isEqualTo(1);
        assertThatThrownBy(() -> add("n1", "b", "p")).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_NOT_FOUND));
        assertThat(store.list(IpamKeys.ROOT)).extracting(Entry::key).containsExactly(IpamKeys.POOLS);
    }
}
