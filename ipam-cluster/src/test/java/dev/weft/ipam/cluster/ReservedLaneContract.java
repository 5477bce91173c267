package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Addresses reserved ahead and handed out from a node's journal ({@link ReservedLane}), run on
 * both stores: no datastore round trip on a warm ADD, write-back, DEL before write-back, replay
 * after a kill, exhaustion with reservations elsewhere, and GC, check and show on reservations.
 * The lanes run without their background thread: the test calls refill and flush.
 */
abstract class ReservedLaneContract {
    @TempDir
    Path tmp;
    protected Datastore store;
    protected final TestClock clock = new TestClock();
    private final List<ClusterIpam> opened = new ArrayList<>();
    private final java.util.Map<ReservedLane, ClusterIpam> ipams = new java.util.IdentityHashMap<>();

    protected abstract Datastore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
        for (Entry e : store.list(IpamKeys.ROOT)) {
            store.delete(e.key(), Datastore.ANY);
        }
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ClusterIpam::stopReserving);
        if (store != null) {
            store.close();
        }
    }

    private IpamOptions options() {
        return IpamOptions.defaults().withClock(clock).withRandom(new Random(5)).withGiveBackWait(Duration.ofSeconds(60));
    }

    /** A node's allocator reserving ahead on {@code on}, its journal under the test's directory. */
    protected ReservedLane lane(Datastore on, String node) {
        ClusterIpam ipam = new ClusterIpam(on, options());
        opened.add(ipam);
        ReservedLane lane = ipam.reserveAhead(node, tmp.resolve(node + ".journal"),
                new LaneSettings(2, 4, 16, false, Duration.ofMinutes(1)));
        ipams.put(lane, ipam);
        return lane;
    }

    private ClusterIpam ipamOf(ReservedLane lane) {
        return java.util.Objects.requireNonNull(ipams.get(lane), "no allocator for this lane");
    }

    private void crash(ReservedLane lane) {
        ClusterIpam i = ipamOf(lane);
        i.stopReserving(); // no flush: what was not written back stays in the journal only
        opened.remove(i);
    }

    static AttachmentId att(String id) {
        return AttachmentId.of(id, "eth0");
    }

    private void pool(String name, String cidr, int blockSize) {
        new PoolAdmin(store).add(new PoolSpec(name, cidr, Optional.of(blockSize), List.of(), Optional.empty(), false));
    }

    private Allocation add(ReservedLane lane, String id) {
        return ipamOf(lane).allocate(AllocationRequest.of(lane.node(), att(id), "p"));
    }

    private IpamSnapshot snap() {
        return IpamSnapshot.read(store);
    }

    private long reservedSlots(String node) {
        return snap().blocks().stream().flatMap(b -> b.value().slots().values().stream())
                .filter(s -> s.reserved() && s.node().equals(node)).count();
    }

    @Test
    void aWarmAddTakesAReservationWithoutTheDatastoreAndIsWrittenBackUnderTheSameSeq() {
        pool("p", "10.30.0.0/24", 26);
        CountingDatastore counted = new CountingDatastore(store);
        ReservedLane lane = lane(counted, "n1");
        Allocation first = add(lane, "first"); // no reservation yet: the datastore's path claims the block
        lane.refill();
        assertThat(lane.unused("p")).isEqualTo(4);
        assertThat(reservedSlots("n1")).isEqualTo(4);
        counted.reset();
        Allocation hot = add(lane, "hot");
        assertThat(counted.reads.get() + counted.writes.get()).as("datastore round trips of a warm ADD").isZero();
        assertThat(add(lane, "hot")).as("ADD is idempotent before the write-back").isEqualTo(hot);
        assertThat(hot.ip()).isNotEqualTo(first.ip());
        assertThat(lane.pendingWriteBacks()).isEqualTo(1);
        assertThat(ipamOf(lane).lookup(att("hot"))).as("CHECK sees a handed-out address").containsExactly(hot);
        lane.flush();
        assertThat(lane.pendingWriteBacks()).isZero();
        IpamSnapshot s = snap();
        Slot slot = s.blocks().getFirst().value().slot(hot.ip()).orElseThrow();
        assertThat(slot.reserved()).isFalse();
        assertThat(slot.is(att("hot"), hot.seq())).as("the reservation's seq is kept").isTrue();
        assertThat(s.handles().get(att("hot")).value().holds(hot.ip(), hot.seq())).isTrue();
        assertThat(add(lane, "hot")).as("ADD is idempotent after the write-back").isEqualTo(hot);
        assertThat(IpamReport.check(s, Optional.of(Set.of("n1")), clock.millis())).isEmpty();
        IpamReport.PoolUsage u = IpamReport.show(s, Optional.of("p")).getFirst();
        assertThat(u.used()).as("in use: the two attachments").isEqualTo(2);
        assertThat(u.reserved()).as("reserved, not in use and not leaks").isEqualTo(3);
        assertThat(u.nodes().getFirst().reserved()).isEqualTo(3);
    }

    @Test
    void aDelBeforeTheWriteBackFreesTheReservationAndReusesItLast() throws Exception {
        pool("p", "10.31.0.0/24", 26);
        ReservedLane lane = lane(store, "n1");
        add(lane, "first");
        lane.refill();
        Allocation gone = add(lane, "gone");
        assertThat(ipamOf(lane).release(att("gone"))).containsExactly(gone.ip());
        assertThat(ipamOf(lane).release(att("gone"))).as("DEL is idempotent").isEmpty();
        lane.flush();
        IpamSnapshot s = snap();
        Block b = s.blocks().getFirst().value();
        assertThat(b.slot(gone.ip())).as("freed in the datastore, not only locally").isEmpty();
        assertThat(b.freed()).contains(Block.ordinal(b.cidr(), gone.ip()));
        assertThat(s.handles()).doesNotContainKey(att("gone"));
        assertThat(Files.exists(tmp.resolve("n1.journal"))).isTrue();
        try (var files = Files.list(tmp.resolve("n1.journal"))) {
            assertThat(files.filter(f -> f.toString().contains("gone"))).as("journal entry removed").isEmpty();
        }
        Set<IpAddress> next = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            next.add(add(lane, "n" + i).ip());
            lane.refill();
        }
        assertThat(next).as("a freed address is reused last").doesNotContain(gone.ip());
    }

    @Test
    void aKilledAgentReplaysItsJournalWithoutDuplicateOrLeak() throws Exception {
        pool("p", "10.32.0.0/24", 26);
        ReservedLane lane = lane(store, "n1");
        add(lane, "first");
        lane.refill();
        Allocation a = add(lane, "a");
        Allocation b = add(lane, "b");
        Allocation c = add(lane, "c");
        // c's ADD died before its journal entry existed: its reservation must come back as unused
        try (var files = Files.list(tmp.resolve("n1.journal"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("c:")).toList()) {
                Files.delete(f);
            }
        }
        crash(lane);
        assertThat(reservedSlots("n1")).as("nothing was written back").isEqualTo(4);

        ReservedLane again = lane(store, "n1");
        assertThat(again.pendingWriteBacks()).as("a and b, from the journal").isEqualTo(2);
        assertThat(again.unused("p")).as("the two reservations no entry claims").isEqualTo(2);
        assertThat(add(again, "a")).as("idempotent across the restart").isEqualTo(a);
        again.flush();
        IpamSnapshot s = snap();
        assertThat(s.handles().get(att("a")).value().holds(a.ip(), a.seq())).isTrue();
        assertThat(s.handles().get(att("b")).value().holds(b.ip(), b.seq())).isTrue();
        assertThat(s.handles()).doesNotContainKey(att("c"));
        List<IpAddress> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            later.add(add(again, "later" + i).ip());
            again.refill();
        }
        assertThat(later).doesNotHaveDuplicates().doesNotContain(a.ip(), b.ip());
        again.flush();
        IpamSnapshot end = snap();
        assertThat(IpamReport.check(end, Optional.of(Set.of("n1")), clock.millis())).isEmpty();
        long slots = end.blocks().stream().mapToLong(x -> x.value().slots().size()).sum();
        assertThat(slots).as("first, a, b, six later, and the unused reservations: nothing leaked")
                .isEqualTo(1 + 2 + 6 + again.unused("p"));
        assertThat(later.getFirst()).as("c's reservation, claimed by no entry, was handed out again first").isEqualTo(c.ip());
    }

    @Test
    void aJournalEntryWhoseAddressWasReleasedSinceIsDroppedNotUsed() {
        pool("p", "10.33.0.0/24", 26);
        ReservedLane lane = lane(store, "n1");
        add(lane, "first");
        lane.refill();
        Allocation x = add(lane, "x");
        lane.flush();
        ClusterIpam other = new ClusterIpam(store, options());
        assertThat(other.release(att("x"))).containsExactly(x.ip()); // a DEL by another process; this journal still names x
        crash(lane);
        ReservedLane again = lane(store, "n1");
        assertThat(again.pendingWriteBacks()).isZero();
        assertThat(snap().blocks().getFirst().value().slot(x.ip())).isEmpty();
        assertThat(ipamOf(again).lookup(att("x"))).isEmpty();
    }

    @Test
    void anExhaustedPoolGetsAnAddressThatAnotherNodeGivesBack() {
        pool("p", "10.34.0.0/28", 29); // two blocks of 8, 14 allocatable
        ReservedLane n1 = lane(store, "n1");
        ReservedLane n2 = lane(store, "n2");
        add(n1, "a1");
        add(n2, "b1");
        n1.refill();
        n2.refill();
        for (int i = 0; i < 4; i++) {
            add(n1, "a-more" + i);
        }
        n1.flush();
        n2.refill();
        // n1's block: a1 + 4 handed out + its refill; n2 holds reservations in its block
        int n2Reserved = n2.unused("p");
        assertThat(n2Reserved).isPositive();
        int got = 0;
        List<IpAddress> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                seen.add(add(n1, "a-exhaust" + i).ip());
                got++;
            } catch (IpamException e) {
                assertThat(e.error()).isEqualTo(IpamError.POOL_EXHAUSTED);
                assertThat(e.getMessage()).contains("pool p");
                break;
            }
        }
        n1.flush();
        n2.flush();
        assertThat(n2.unused("p")).as("n2 gave its unused reservations back").isZero();
        IpamSnapshot s = snap();
        assertThat(s.blocks().stream().flatMap(b -> b.value().slots().values().stream())
                .filter(sl -> sl.reserved() && sl.node().equals("n2"))).isEmpty();
        long held = s.blocks().stream().flatMap(b -> b.value().slots().values().stream()).filter(sl -> !sl.reserved()).count();
        assertThat(held).as("every allocatable address went to an attachment").isEqualTo(14 - n1.unused("p"));
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(IpamReport.check(s, Optional.of(Set.of("n1", "n2")), clock.millis())).isEmpty();
    }

    @Test
    void gcNeverReleasesALiveNodesReservationsAndReleasesARemovedNodesAtOnce() {
        pool("p", "10.35.0.0/24", 26);
        ReservedLane lane = lane(store, "n1");
        add(lane, "first");
        lane.refill();
        Allocation pending = add(lane, "pending");
        IpamGc gc = new IpamGc(store, n -> Optional.of(Set.of()), clock, IpamGc.DEFAULT_GRACE);
        for (int i = 0; i < 3; i++) {
            gc.run(Set.of("n1"), false);
            clock.advance(IpamGc.DEFAULT_GRACE.plusMinutes(1));
        }
        assertThat(snap().blocks().getFirst().value().slot(pending.ip()).map(Slot::reserved))
                .as("handed out, not written back, no attachment known: still reserved").contains(true);
        assertThat(reservedSlots("n1")).isEqualTo(4);
        new NodeRemovals(store).mark("n1", clock.millis());
        GcReport r = gc.runExceptRemoved(false);
        assertThat(r.released()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(reservedSlots("n1")).isZero();
    }
}
