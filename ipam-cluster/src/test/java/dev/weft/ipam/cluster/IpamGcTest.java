package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GC rules, one by one. */
class IpamGcTest extends GcFixture {
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
