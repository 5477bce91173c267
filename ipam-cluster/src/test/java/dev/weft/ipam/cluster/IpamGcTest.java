package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpamGcTest {
    @TempDir
    Path tmp;
    private final TestClock clock = new TestClock();
    private HookedDatastore store;
    private ClusterIpam ipam;
    /** What the attachment source answers per node; absent: "cannot tell". */
    private final Map<String, Set<AttachmentId>> present = new HashMap<>();
    private IpamGc gc;

    @BeforeEach
    void open() {
        store = new HookedDatastore(new EmbeddedDatastore(tmp.resolve("store.json")));
        ipam = new ClusterIpam(store, IpamOptions.defaults().withClock(clock).withRandom(new Random(3)));
        gc = new IpamGc(store, n -> Optional.ofNullable(present.get(n)).map(Set::copyOf), clock, IpamGc.DEFAULT_GRACE);
        new PoolAdmin(store).add(new PoolSpec("p", "10.0.0.0/28", Optional.of(28), List.of(), Optional.empty(), false));
    }

    private static AttachmentId att(String id) {
        return AttachmentId.of(id, "eth0");
    }

    private Allocation add(String node, String id) {
        Allocation a = ipam.allocate(AllocationRequest.of(node, att(id), "p"));
        present.computeIfAbsent(node, n -> new HashSet<>()).add(att(id));
        return a;
    }

    private IpamSnapshot snap() {
        return IpamSnapshot.read(store);
    }

    @Test
    void aMissingAttachmentIsReleasedOnlyAfterTheGracePeriodFromWhenItWasFirstMissed() {
        Allocation a = add("n1", "a");
        Allocation b = add("n1", "b");
        clock.advance(Duration.ofHours(1)); // allocation age alone must not count
        present.get("n1").remove(att("a"));
        GcReport first = gc.run(Set.of("n1"), false);
        assertThat(first.markedMissing()).isEqualTo(1);
        assertThat(first.released()).isEmpty();
        clock.advance(Duration.ofMinutes(9));
        assertThat(gc.run(Set.of("n1"), false).released()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        GcReport third = gc.run(Set.of("n1"), false);
        assertThat(third.released()).singleElement().satisfies(r -> {
            assertThat(r.ip()).isEqualTo(a.ip());
            assertThat(r.reason()).isEqualTo(GcPlan.Reason.ATTACHMENT_GONE);
            assertThat(r.attachment()).isEqualTo(att("a"));
        });
        Invariants.noLeaks(snap(), Map.of(att("b"), List.of(b)));
    }

    @Test
    void anAttachmentSeenAgainLosesItsMark() {
        add("n1", "a");
        present.get("n1").remove(att("a"));
        gc.run(Set.of("n1"), false);
        present.get("n1").add(att("a"));
        clock.advance(Duration.ofMinutes(11));
        assertThat(gc.run(Set.of("n1"), false).clearedMissing()).isEqualTo(1);
        present.get("n1").remove(att("a"));
        GcReport again = gc.run(Set.of("n1"), false);
        assertThat(again.released()).as("the timer starts again").isEmpty();
        assertThat(again.markedMissing()).isEqualTo(1);
    }

    @Test
    void aRemovedNodesAllocationsGoAtOnceAndItsBlockIsLeftToItsBorrowers() {
        Allocation a = add("n1", "a");
        for (int i = 0; i < 12; i++) {
            add("n1", "f" + i);
        }
        Allocation b = add("n2", "b"); // no free block: borrowed from n1's
        assertThat(b.borrowed()).isTrue();
        GcReport r = gc.run(Set.of("n2"), false);
        assertThat(r.released()).hasSize(13).allSatisfy(x -> assertThat(x.reason()).isEqualTo(GcPlan.Reason.NODE_REMOVED))
                .anySatisfy(x -> assertThat(x.ip()).isEqualTo(a.ip()));
        assertThat(r.affinitiesCleared()).containsExactly(b.block());
        RoutingView view = ipam.routing();
        assertThat(view.unheldBlocks()).containsExactly(b.block());
        assertThat(view.borrowedBy("n2")).containsExactly(b.ip());
        Invariants.noLeaks(snap(), Map.of(att("b"), List.of(b)));
        assertThat(snap().affinities()).as("the removed node's index entries").isEmpty();

        Allocation c = add("n2", "c"); // no free block: n2 takes over the unheld one
        assertThat(c.borrowed()).isFalse();
        assertThat(ipam.routing().blocksOf("n2")).containsExactly(b.block());
        assertThat(ipam.routing().borrowedBy("n2")).isEmpty();
        assertThat(ipam.lookup(att("b"))).singleElement().satisfies(x -> assertThat(x.borrowed()).isFalse());
    }

    @Test
    void anEmptyBlockGoesBackToThePoolAfterBeingSeenEmptyTwice() {
        add("n1", "a");
        ipam.release(att("a"));
        GcReport first = gc.run(Set.of("n1"), false);
        assertThat(first.blocksMarkedEmpty()).hasSize(1);
        Allocation b = add("n1", "b"); // used again in between: the mark is gone
        ipam.release(att("b"));
        assertThat(gc.run(Set.of("n1"), false).blocksReturned()).isEmpty();
        GcReport third = gc.run(Set.of("n1"), false);
        assertThat(third.blocksReturned()).containsExactly(b.block());
        assertThat(store.list(IpamKeys.ROOT)).extracting(Entry::key).containsExactly(IpamKeys.POOLS);
        assertThat(add("n1", "c").block()).as("claimed again").isEqualTo(b.block());
    }

    @Test
    void aDryRunReportsAndChangesNothing() {
        add("n1", "a");
        add("n2", "b");
        List<Entry> before = store.list(IpamKeys.ROOT);
        GcReport r = gc.run(Set.of("n1"), true);
        assertThat(r.dryRun()).isTrue();
        assertThat(r.released()).singleElement().satisfies(x -> assertThat(x.attachment()).isEqualTo(att("b")));
        assertThat(store.list(IpamKeys.ROOT)).extracting(Entry::modRevision)
                .containsExactlyElementsOf(before.stream().map(Entry::modRevision).toList());
    }

    @Test
    void nodesWhoseAttachmentsAreUnknownAreLeftAlone() {
        Allocation a = add("n1", "a");
        present.remove("n1");
        clock.advance(Duration.ofDays(1));
        GcReport r = gc.run(Set.of("n1"), false);
        assertThat(r.unknownNodes()).containsExactly("n1");
        assertThat(r.markedMissing()).isZero();
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(a)));
    }

    @Test
    void aSourceThatFailsMeansCannotTell() {
        Allocation a = add("n1", "a");
        IpamGc failing = new IpamGc(store, n -> {
            throw new IllegalStateException("runtime unreachable");
        }, clock, IpamGc.DEFAULT_GRACE);
        clock.advance(Duration.ofDays(1));
        assertThat(failing.run(Set.of("n1"), false).unknownNodes()).containsExactly("n1");
        Invariants.noLeaks(snap(), Map.of(att("a"), List.of(a)));
    }

    @Test
    void anEmptyLiveNodeListIsRefused() {
        add("n1", "a");
        assertThatThrownBy(() -> gc.run(Set.of(), false)).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.field()).isEqualTo("liveNodes")).hasMessageContaining("refusing");
    }

    @Test
    void anAllocationNeverRecordedInItsHandleIsFreedAfterTheGracePeriod() {
        store.failWritesTo(k -> k.startsWith(IpamKeys.HANDLES)); // the block is written, the process dies before the handle
        store.dieAfterWriteTo(k -> k.startsWith(IpamKeys.BLOCKS));
        assertThatThrownBy(() -> add("n1", "a")).isInstanceOf(IpamException.class);
        store.revive();
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
        store.failWritesTo(k -> k.startsWith(IpamKeys.HANDLES)); // the block is written, the process dies before the handle
        store.dieAfterWriteTo(k -> k.startsWith(IpamKeys.BLOCKS));
        assertThatThrownBy(() -> add("n1", "a")).isInstanceOf(IpamException.class);
        store.revive();
        present.put("n1", Set.of(att("a")));
        clock.advance(Duration.ofHours(1));
        assertThat(gc.run(Set.of("n1"), false).released()).as("its handle may have been lost: keep it").isEmpty();
        assertThat(IpamReport.check(snap(), Optional.empty(), clock.millis())).extracting(IpamReport.Inconsistency::kind)
                .containsExactly(IpamReport.Kind.ALLOCATION_WITHOUT_HANDLE);
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
    void gcDuringAnAddNeverStripsTheHandleEntryTheAddIsAboutToReturn() {
        add("n1", "a");
        String handleKey = IpamKeys.handle(att("b"));
        store.beforeNextWrite(k -> k.startsWith(IpamKeys.BLOCKS), () -> {
            // the handle is written alongside the block: let it land first, then collect
            dev.weft.testkit.Await.until(Duration.ofSeconds(10), () -> store.get(handleKey).isPresent(), "handle written");
            GcReport r = gc.run(Set.of("n1"), false);
            assertThat(r.handlesFixed()).as("an entry whose seq the block has not issued yet is an ADD under way").isZero();
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
    void theAffinityIndexIsRepairedAndPrunedAfterTheGracePeriod() {
        Allocation a = add("n1", "a");
        String key = IpamKeys.affinity("n1", "p", a.block());
        store.delete(key, Datastore.ANY);
        IpamStore s = new IpamStore(store);
        s.putAffinity("n1", "p", dev.weft.net.Cidr.parse("10.0.0.0/30"), clock.millis()); // a claim under way, or dead
        assertThat(gc.run(Set.of("n1"), false).indexFixed()).isEqualTo(1);
        assertThat(store.get(key)).isPresent();
        clock.advance(Duration.ofMinutes(10));
        assertThat(gc.run(Set.of("n1"), false).indexFixed()).isEqualTo(1);
        assertThat(snap().affinities()).extracting(IpamSnapshot.Affinity::key).containsExactly(key);
        assertThat(a.ip()).isNotEqualTo(IpAddress.parse("10.0.0.0"));
    }
}
