package dev.weft.node.ipam;

import dev.weft.ipam.cluster.AllocationRequest;
import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.ClusterIpam;
import dev.weft.ipam.cluster.GcReport;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.NodeRemovals;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.PoolSpec;
import dev.weft.ipam.cluster.plugin.AttachmentRecord;
import dev.weft.ipam.cluster.plugin.AttachmentRecords;
import dev.weft.ipam.cluster.plugin.NetnsProbe;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's IPAM GC loop on the embedded store, with namespaces the test declares gone or
 * present: a live pod's address is never released, a gone one's is after the grace period, a
 * removed node's at once (woken by the removal, not the period), and an empty block after two passes.
 */
class IpamGcLoopTest {
    @TempDir
    Path tmp;
    EmbeddedDatastore store;
    ClusterIpam ipam;
    AttachmentRecords records;
    final Set<String> goneNamespaces = new HashSet<>();
    final NetnsProbe probe = (netns, ino) -> goneNamespaces.contains(netns) ? NetnsProbe.Presence.ABSENT
            : NetnsProbe.Presence.PRESENT;
    IpamGcLoop loop;
    /** A grace long enough that only a removal can release anything while a test runs. */
    private static final Duration LONG_GRACE = Duration.ofMinutes(30);

    @BeforeEach
    void open() {
        store = new EmbeddedDatastore(tmp.resolve("store.json"));
        ipam = new ClusterIpam(store);
        records = new AttachmentRecords(tmp.resolve("records"), "n1");
    }

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
        store.close();
    }

    private IpamGcLoop loop(Duration grace, Duration period) {
        return new IpamGcLoop(store, "n1", new IpamSettings(Optional.empty(), IpamSettings.Mode.AUTO, period, grace,
                tmp.resolve("records"), IpamSettings.DEFAULT_RESERVE), probe, Clock.systemUTC());
    }

    private void pool() {
        new PoolAdmin(store).add(new PoolSpec("p", "10.50.0.0/24", Optional.of(28), List.of(), Optional.empty(), false));
    }

    private AttachmentId pod(String node, String cid) {
        AttachmentId a = AttachmentId.of(cid, "eth0");
        if (node.equals("n1")) {
            records.write(new AttachmentRecord(a, "net", "/run/netns/" + cid, OptionalLong.empty(), Optional.empty(), 0));
        }
        ipam.allocate(AllocationRequest.of(node, a, "p"));
        return a;
    }

    @Test
    void withoutPoolsAutoModeDoesNothing() {
        assertThat(loop(Duration.ZERO, Duration.ofHours(1)).round()).isEmpty();
    }

    @Test
    void neverReleasesALivePodsAddress_releasesAGoneOneAfterTheGrace_andReturnsAnEmptyBlockAfterTwoPasses() {
        pool();
        AttachmentId live = pod("n1", "live");
        AttachmentId gone = pod("n1", "gone");
        goneNamespaces.add("/run/netns/gone");
        IpamGcLoop l = loop(Duration.ZERO, Duration.ofHours(1));
        GcReport first = l.round().orElseThrow();
        assertThat(first.released()).isEmpty();
        assertThat(first.markedMissing()).isEqualTo(1);
        GcReport second = l.round().orElseThrow();
        assertThat(second.released()).extracting(GcReport.Released::attachment).containsExactly(gone);
        assertThat(records.read(gone)).as("its record pruned once nothing is held").isEmpty();
        for (int i = 0; i < 5; i++) {
            assertThat(l.round().orElseThrow().released()).isEmpty();
        }
        assertThat(ipam.lookup(live)).hasSize(1);

        ipam.release(live);
        records.delete(live);
        assertThat(l.round().orElseThrow().blocksMarkedEmpty()).hasSize(1);
        assertThat(l.round().orElseThrow().blocksReturned()).hasSize(1);
        assertThat(IpamSnapshot.read(store).blocks()).isEmpty();
    }

    @Test
    void aGoneNamespaceIsKeptThroughTheGracePeriod() {
        pool();
        pod("n1", "gone");
        goneNamespaces.add("/run/netns/gone");
        IpamGcLoop l = loop(Duration.ofHours(1), Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(l.round().orElseThrow().released()).isEmpty();
        }
        assertThat(IpamSnapshot.read(store).handles()).hasSize(1);
    }

    @Test
    void aRemovedNodesAddressesAreReleasedAtOnce_wokenByTheRemoval() {
        pool();
        AttachmentId mine = pod("n1", "mine");
        pod("n2", "r1");
        pod("n2", "r2");
        loop = loop(LONG_GRACE, Duration.ofHours(1)).start(); // the period never comes: only the watch wakes it
        new NodeRemovals(store).mark("n2", System.currentTimeMillis());
        Await.until(Duration.ofSeconds(30), () -> IpamSnapshot.read(store).handles().size() == 1,
                "n2's addresses released after its removal mark");
        IpamSnapshot s = IpamSnapshot.read(store);
        assertThat(s.handles()).containsOnlyKeys(mine);
        assertThat(s.blocks()).allSatisfy(b -> assertThat(b.value().affinity()).contains("n1"));
    }

    @Test
    void aNodeThatComesBackClearsItsOwnRemovalMark() {
        pool();
        pod("n1", "mine");
        new NodeRemovals(store).mark("n1", 1);
        loop = loop(LONG_GRACE, Duration.ofHours(1)).start();
        assertThat(new NodeRemovals(store).list()).isEmpty();
        assertThat(loop.round().orElseThrow().released()).isEmpty();
    }
}
