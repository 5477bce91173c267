package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GC against crashes cut between writes and against writes racing its own read and write. */
class IpamGcCrashAndRaceTest extends GcFixture {
    /**
     * An allocation without handle: an ADD writes both in one transaction, but an ADD that adopts
     * an address already in its block (a requested address) records the handle after, and may die
     * between the two; so may a weft that wrote them one after the other.
     */
    private void allocationWithoutHandle(String id) {
        add("n1", id);
        store.delete(IpamKeys.handle(att(id)), Datastore.ANY);
    }

    @Test
    void anAllocationNeverRecordedInItsHandleIsFreedAfterTheGracePeriod() {
        allocationWithoutHandle("a");
        present.put("n1", Set.of()); // the pod never came up
        GcReport young = gc.run(Set.of("n1"), false);
        assertThat(young.pending()).isEqualTo(1);
        assertThat(young.released()).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(gc.run(Set.of("n1"), false).released()).singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo(GcPlan.Reason.UNCOMMITTED));
        Invariants.noLeaks(snap(), Map.of());
    }

    @Test
    void anUnrecordedAllocationOfALiveAttachmentWithoutOtherAddressIsKept() {
        allocationWithoutHandle("a");
        present.put("n1", Set.of(att("a")));
        clock.advance(Duration.ofHours(1));
        assertThat(gc.run(Set.of("n1"), false).released()).as("its handle may have been lost: keep it").isEmpty();
        assertThat(IpamReport.check(snap(), Optional.empty(), clock.millis())).extracting(IpamReport.Inconsistency::kind)
                .containsExactly(IpamReport.Kind.ALLOCATION_WITHOUT_HANDLE);
    }

    @Test
    void anAddWhoseCommitLandedButWhoseAnswerWasLostGetsTheSameAddressWhenRepeated() {
        add("n1", "warm"); // the block is claimed: the next ADD is one write, the commit of block and handle
        store.failWrite(0, true);
        assertThatThrownBy(() -> add("n1", "a")).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.STORE_UNAVAILABLE));
        Handle landed = new IpamStore(store).handle(att("a")).orElseThrow().value();
        Allocation again = add("n1", "a");
        Allocation fresh = new ClusterIpam(store, IpamOptions.defaults().withClock(clock)).allocate(
                AllocationRequest.of("n1", att("a"), "p"));
        assertThat(again.ip()).isEqualTo(landed.addresses().getFirst().ip());
        assertThat(fresh).isEqualTo(again);
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(again), att("warm"), ipam.lookup(att("warm"))));
    }

    @Test
    void aFailedHandleWriteLeavesNothingAllocated() {
        store.failWritesTo(k -> k.startsWith(IpamKeys.HANDLES));
        assertThatThrownBy(() -> add("n1", "a")).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.STORE_UNAVAILABLE));
        Invariants.noLeaks(snap(), Map.of());
    }

    @Test
    void aHandleWhoseAllocationIsGoneIsRemoved() {
        Allocation a = add("n1", "a");
        Versioned<Block> vb = new IpamStore(store).block("p", a.block()).orElseThrow();
        new IpamStore(store).putBlock(vb.value().release(Block.ordinal(a.block(), a.ip()), att("a"), a.seq()).orElseThrow(),
                vb.modRevision()); // a DEL that died after freeing the block slot
        assertThat(IpamReport.check(snap(), Optional.empty(), 0)).extracting(IpamReport.Inconsistency::kind)
                .containsExactly(IpamReport.Kind.HANDLE_WITHOUT_ALLOCATION);
        assertThat(gc.run(Set.of("n1"), false).handlesFixed()).isEqualTo(1);
        Invariants.noLeaks(snap(), Map.of());
        assertThat(ipam.release(att("a"))).as("DEL after that still succeeds").isEmpty();
    }

    @Test
    void anAddressReleasedAndAllocatedAgainBetweenGcsReadAndWriteSurvives() {
        Allocation a = add("n1", "a");
        present.get("n1").remove(att("a"));
        gc.run(Set.of("n1"), false);
        clock.advance(Duration.ofMinutes(11)); // the next pass would release (a, seq)
        Allocation[] again = new Allocation[1];
        store.beforeNextWrite(k -> k.startsWith(IpamKeys.BLOCKS), () -> {
            ClusterIpam other = new ClusterIpam(store, IpamOptions.defaults().withClock(clock));
            other.release(att("a"));
            again[0] = other.allocate(AllocationRequest.of("n1", att("a"), "p").withRequested(a.ip()));
        });
        GcReport r = gc.run(Set.of("n1"), false);
        assertThat(again[0].ip()).isEqualTo(a.ip());
        assertThat(again[0].seq()).isGreaterThan(a.seq());
        assertThat(r.released()).isEmpty();
        assertThat(r.raced()).isEqualTo(1);
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(again[0])));
    }

    @Test
    void gcRightBeforeAnAddsCommitNeverCostsTheAddItsAddress() {
        add("n1", "a");
        store.beforeNextWrite(k -> k.startsWith(IpamKeys.BLOCKS), () -> {
            GcReport r = gc.run(Set.of("n1"), false);
            assertThat(r.released()).isEmpty();
            assertThat(r.handlesFixed()).isZero();
        });
        Allocation b = add("n1", "b");
        assertThat(ipam.lookup(att("b"))).containsExactly(b);
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(ipam.lookup(att("a")).getFirst()), att("b"), List.of(b)));
    }

    @Test
    void aHandleEntryThatCanNoLongerBeConfirmedIsPruned() {
        Allocation a = add("n1", "a");
        IpamStore s = new IpamStore(store);
        Versioned<Handle> h = s.handle(att("a")).orElseThrow();
        Versioned<Block> b = s.block("p", a.block()).orElseThrow();
        // a draft for the next seq of the block: an ADD under way, kept while young
        HandleAddress draft = new HandleAddress(b.value().address(9), "p", a.block(), b.value().nextSeq(), clock.millis());
        s.putHandle(new Handle(att("b"), Optional.empty(), "n1", List.of(draft)), dev.weft.store.Datastore.ABSENT);
        assertThat(gc.run(Set.of("n1"), false).handlesFixed()).isZero();
        add("n1", "c"); // the block issues that seq to someone else: the draft can never land now
        assertThat(gc.run(Set.of("n1"), false).handlesFixed()).isEqualTo(1);
        assertThat(s.handle(att("b"))).isEmpty();
        assertThat(h.value().addresses()).hasSize(1);
    }

    @Test
    void anAllocationMadeWhileGcAsksTheNodesIsNotInItsPlan() {
        add("n1", "a");
        AttachmentId late = att("late");
        IpamGc racing = new IpamGc(store, n -> {
            // the pod is being created: allocated now, not yet listed by the node
            ipam.allocate(AllocationRequest.of("n1", late, "p"));
            return Optional.of(Set.of(att("a")));
        }, clock, IpamGc.DEFAULT_GRACE);
        assertThat(racing.run(Set.of("n1"), false).released()).isEmpty();
        IpamGc listsNothing = new IpamGc(store, n -> Optional.of(Set.of(att("a"))), clock, IpamGc.DEFAULT_GRACE);
        assertThat(listsNothing.run(Set.of("n1"), false).released()).as("first sighting only marks").isEmpty();
        assertThat(ipam.lookup(late)).hasSize(1);
    }

    @Test
    void aLostHandleWriteIsRepairedByTheNextAdd() {
        Allocation a = add("n1", "a");
        store.delete(IpamKeys.handle(att("a")), Datastore.ANY); // as if the ADD died before its handle write
        Allocation again = add("n1", "a");
        assertThat(again.ip()).as("a new address; the orphan is GC's").isNotEqualTo(a.ip());
        assertThat(IpamReport.check(snap(), Optional.empty(), clock.millis())).extracting(IpamReport.Inconsistency::kind)
                .containsExactly(IpamReport.Kind.ALLOCATION_WITHOUT_HANDLE);
        clock.advance(Duration.ofMinutes(11));
        GcReport r = new IpamGc(store, n -> Optional.of(Set.of(att("a"))), clock, IpamGc.DEFAULT_GRACE)
                .run(Set.of("n1"), false);
        assertThat(r.released()).singleElement().satisfies(x -> {
            assertThat(x.ip()).isEqualTo(a.ip());
            assertThat(x.reason()).isEqualTo(GcPlan.Reason.UNCOMMITTED);
        });
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(again)));
    }
}
