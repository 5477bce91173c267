package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.AllocationRequest;
import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.ClusterIpam;
import dev.weft.ipam.cluster.GcReport;
import dev.weft.ipam.cluster.IpamGc;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.NodeRemovals;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.PoolSpec;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's attachment source on records and namespace files (plain files stand in for the
 * namespaces: the probe only looks at paths and inodes), and GC on it: an address is released only
 * once its namespace is gone.
 */
class LocalAttachmentsTest {
    @TempDir
    Path tmp;
    EmbeddedDatastore store;
    ClusterIpam ipam;
    AttachmentRecords records;
    Path netns;

    @BeforeEach
    void open() throws IOException {
        store = new EmbeddedDatastore(tmp.resolve("store.json"));
        ipam = new ClusterIpam(store);
        records = new AttachmentRecords(tmp.resolve("records"), "n1");
        netns = Files.createDirectories(tmp.resolve("netns"));
        new PoolAdmin(store).add(new PoolSpec("p", "10.40.0.0/24", Optional.of(26), List.of(), Optional.empty(), false));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** An attachment of node n1 with its record, made in a namespace file that exists. */
    private AttachmentId pod(String cid, boolean allocate) throws IOException {
        AttachmentId a = AttachmentId.of(cid, "eth0");
        Path ns = Files.createFile(netns.resolve(cid));
        records.write(new AttachmentRecord(a, "net", ns.toString(), NetnsProbe.inodeOf(ns.toString()), Optional.empty(), 0));
        if (allocate) {
            ipam.allocate(AllocationRequest.of("n1", a, "p"));
        }
        return a;
    }

    private LocalAttachments source() {
        return new LocalAttachments("n1", records, store, NetnsProbe.system());
    }

    @Test
    void presentIsEveryHandleAndRecordOfTheNode_lessTheRecordsWhoseNamespaceIsGone() throws IOException {
        AttachmentId live = pod("live", true);
        AttachmentId dead = pod("dead", true);
        AttachmentId noRecord = AttachmentId.of("norecord", "eth0");
        ipam.allocate(AllocationRequest.of("n1", noRecord, "p"));
        AttachmentId recycled = pod("recycled", true);
        AttachmentId deadEmpty = pod("deadempty", false);
        ipam.allocate(AllocationRequest.of("n2", AttachmentId.of("remote", "eth0"), "p"));
        Files.delete(netns.resolve("dead"));
        Files.delete(netns.resolve("deadempty"));
        Path other = Files.createFile(netns.resolve("recycled.new")); // the same path, another namespace
        Files.move(other, netns.resolve("recycled"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        LocalAttachments src = source();
        assertThat(src.attachmentsOn("n1")).hasValueSatisfying(s -> assertThat(s).containsExactlyInAnyOrder(live, noRecord));
        assertThat(src.attachmentsOn("n2")).as("another node: cannot tell").isEmpty();
        assertThat(src.attachmentsOn("n1")).isPresent();
        assertThat(src.prune()).as("only the dead record that holds nothing").isEqualTo(1);
        assertThat(records.read(deadEmpty)).isEmpty();
        assertThat(records.read(dead)).isPresent();
        assertThat(records.read(recycled)).isPresent();
    }

    @Test
    void gcNeverReleasesAnAddressWhoseNamespaceExists_andReleasesTheOthersAfterTheGrace() throws IOException {
        AttachmentId live = pod("live", true);
        AttachmentId dead = pod("dead", true);
        AttachmentId unreadable = AttachmentId.of("elsewhere", "eth0");
        records.write(new AttachmentRecord(unreadable, "net", "/nonexistent-dir/ns", java.util.OptionalLong.empty(),
                Optional.empty(), 0));
        ipam.allocate(AllocationRequest.of("n1", unreadable, "p"));
        Files.delete(netns.resolve("dead"));
        LocalAttachments src = source();
        IpamGc gc = new IpamGc(store, src, Clock.systemUTC(), Duration.ZERO);
        GcReport first = gc.runExceptRemoved(false);
        assertThat(first.released()).isEmpty();
        assertThat(first.markedMissing()).isEqualTo(1);
        GcReport second = gc.runExceptRemoved(false);
        assertThat(second.released()).singleElement().satisfies(r -> assertThat(r.attachment()).isEqualTo(dead));
        for (int i = 0; i < 3; i++) {
            assertThat(gc.runExceptRemoved(false).released()).isEmpty();
        }
        IpamSnapshot s = IpamSnapshot.read(store);
        assertThat(s.handles()).containsOnlyKeys(live, unreadable);
        assertThat(ipam.lookup(live)).hasSize(1);
        assertThat(src.prune()).isEqualTo(1);
        assertThat(records.all()).extracting(AttachmentRecord::attachment).containsExactlyInAnyOrder(live, unreadable);
    }

    @Test
    void aRemovedNodesAddressesAreReleasedAtOnce_whateverItsAttachments() throws IOException {
        pod("live", true);
        ipam.allocate(AllocationRequest.of("n2", AttachmentId.of("r1", "eth0"), "p"));
        ipam.allocate(AllocationRequest.of("n2", AttachmentId.of("r2", "eth0"), "p"));
        IpamGc gc = new IpamGc(store, source(), Clock.systemUTC(), IpamGc.DEFAULT_GRACE);
        assertThat(gc.runExceptRemoved(false).released()).isEmpty();
        new NodeRemovals(store).mark("n2", 1);
        GcReport r = gc.runExceptRemoved(false);
        assertThat(r.released()).hasSize(2).allSatisfy(x -> assertThat(x.node()).isEqualTo("n2"));
        assertThat(r.blocksReturned()).hasSize(1);
        IpamSnapshot s = IpamSnapshot.read(store);
        assertThat(s.blocks()).singleElement().satisfies(b -> assertThat(b.value().affinity()).contains("n1"));
        assertThat(s.handles()).hasSize(1);
        assertThat(new NodeRemovals(store).list()).containsExactly("n2");
        assertThat(new NodeRemovals(store).clear("n2")).isTrue();
        assertThat(IpamSnapshot.read(store).removedNodes()).isEmpty();
    }

    /**
     * An address the agent's journal handed out and has not written back is the node's
     * reservation as far as the datastore knows: the record of its attachment must survive the
     * namespace's removal until the write-back, or the written-back address would count as
     * present for ever (no record to say its namespace is gone).
     */
    @Test
    void aRecordWhoseAddressIsNotWrittenBackYetIsNotPruned_andGcFreesTheAddressOnceItIs() throws IOException {
        pod("first", true); // the node's block: a lane reserves in blocks the node holds
        dev.weft.ipam.cluster.ReservedLane lane = ipam.reserveAhead("n1", tmp.resolve("records").resolve("n1.journal"),
                dev.weft.ipam.cluster.LaneSettings.defaults().manual());
        try {
            lane.refill();
            AttachmentId handed = pod("handed", false);
            ipam.allocate(AllocationRequest.of("n1", handed, "p"));
            assertThat(IpamSnapshot.read(store).handles()).as("handed out, not written back").doesNotContainKey(handed);
            Files.delete(netns.resolve("handed"));

            LocalAttachments src = source();
            IpamGc gc = new IpamGc(store, src, Clock.systemUTC(), Duration.ZERO);
            assertThat(gc.runExceptRemoved(false).released()).isEmpty();
            assertThat(src.prune()).as("pending in the journal: the record stays").isZero();
            assertThat(records.read(handed)).isPresent();

            lane.flush();
            gc.runExceptRemoved(false); // marks it missing
            assertThat(gc.runExceptRemoved(false).released()).singleElement()
                    .satisfies(r -> assertThat(r.attachment()).isEqualTo(handed));
            assertThat(src.prune()).isEqualTo(1);
            assertThat(IpamSnapshot.read(store).handles()).doesNotContainKey(handed);
        } finally {
            ipam.stopReserving();
        }
    }
}
