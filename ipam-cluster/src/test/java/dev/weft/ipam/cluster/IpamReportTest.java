package dev.weft.ipam.cluster;

import dev.weft.ipam.cluster.IpamReport.Inconsistency;
import dev.weft.ipam.cluster.IpamReport.Kind;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Entry;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** show and check over hand-made snapshots: no store involved. */
class IpamReportTest {
    private static final AttachmentId A = AttachmentId.of("a", "eth0");
    private static final AttachmentId B = AttachmentId.of("b", "eth0");
    private static final AttachmentId C = AttachmentId.of("c", "eth0");
    private final List<Entry> entries = new ArrayList<>();
    private long rev = 1;

    private void put(String key, byte[] value) {
        entries.add(new Entry(key, value, rev, rev++, 0));
    }

    private void pools(Pool... pools) {
        PoolSet set = PoolSet.EMPTY;
        for (Pool p : pools) {
            set = set.with(p);
        }
        put(IpamKeys.POOLS, IpamJson.pools(set));
    }

    private void block(Block b) {
        put(IpamKeys.block(b.pool(), b.cidr()), IpamJson.block(b));
    }

    private void handle(AttachmentId att, String node, Block b, int ordinal) {
        Slot s = b.slots().get(ordinal);
        put(IpamKeys.handle(att), IpamJson.handle(new Handle(att, Optional.empty(), node,
                List.of(new HandleAddress(b.address(ordinal), b.pool(), b.cidr(), s.seq(), 0)))));
    }

    private static Pool pool(String name, String cidr, int bs) {
        return new Pool(name, Cidr.parse(cidr), bs, List.of(), Optional.empty(), false);
    }

    private IpamSnapshot snap() {
        entries.sort(java.util.Comparator.comparing(Entry::key));
        return IpamSnapshot.of(entries);
    }

    @Test
    void showCountsPerPoolBlockAndNode() {
        pools(pool("p", "10.0.0.0/27", 28), pool("q", "10.1.0.0/24", 26));
        Block b1 = Block.claimed("p", Cidr.parse("10.0.0.0/28"), "n1", 1)
                .allocate(1, A, Optional.empty(), "n1", 0).allocate(2, B, Optional.empty(), "n2", 0);
        Block b2 = Block.claimed("p", Cidr.parse("10.0.0.16/28"), "n2", 1).allocate(0, C, Optional.empty(), "n2", 0);
        block(b1);
        block(b2);
        List<IpamReport.PoolUsage> all = IpamReport.show(snap(), Optional.empty());
        assertThat(all).extracting(IpamReport.PoolUsage::pool).containsExactly("p", "q");
        IpamReport.PoolUsage p = all.getFirst();
        assertThat(p.capacity()).isEqualTo(BigInteger.valueOf(30));
        assertThat(p.used()).isEqualTo(3);
        assertThat(p.blocks()).containsExactly(
                new IpamReport.BlockUsage(Cidr.parse("10.0.0.0/28"), Optional.of("n1"), 15, 2, 1),
                new IpamReport.BlockUsage(Cidr.parse("10.0.0.16/28"), Optional.of("n2"), 15, 1, 0));
        assertThat(p.nodes()).containsExactly(new IpamReport.NodeUsage("n1", 1, 1, 0),
                new IpamReport.NodeUsage("n2", 1, 1, 1));
        assertThat(all.get(1).used()).isZero();
        assertThat(IpamReport.show(snap(), Optional.of("q"))).hasSize(1);
        assertThatThrownBy(() -> IpamReport.show(snap(), Optional.of("zz"))).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_NOT_FOUND));
    }

    @Test
    void aConsistentSnapshotChecksClean() {
        pools(pool("p", "10.0.0.0/27", 28));
        Block b = Block.claimed("p", Cidr.parse("10.0.0.0/28"), "n1", 1).allocate(1, A, Optional.empty(), "n1", 0);
        block(b);
        handle(A, "n1", b, 1);
        assertThat(IpamReport.check(snap(), Optional.of(Set.of("n1")), 0)).isEmpty();
    }

    @Test
    void checkFindsEveryKindOfInconsistency() {
        pools(pool("p", "10.0.0.0/27", 28));
        Block b = Block.claimed("p", Cidr.parse("10.0.0.0/28"), "gone", 1)
                .allocate(1, A, Optional.empty(), "gone", 1000).allocate(2, B, Optional.empty(), "n1", 0);
        block(b);
        handle(A, "gone", b, 1);
        // B has no handle; C's handle names an address its block does not hold
        Block other = Block.claimed("p", Cidr.parse("10.0.0.16/28"), "n1", 50);
        block(other);
        put(IpamKeys.handle(C), IpamJson.handle(new Handle(C, Optional.empty(), "n1",
                List.of(new HandleAddress(IpAddress.parse("10.0.0.20"), "p", other.cidr(), 7, 0)))));
        block(Block.claimed("old", Cidr.parse("192.168.0.0/28"), "n1", 1));
        put(IpamKeys.BLOCKS + "p/junk", "{".getBytes(StandardCharsets.UTF_8));
        List<Inconsistency> found = IpamReport.check(snap(), Optional.of(Set.of("n1")), 61_000);
        assertThat(found).extracting(Inconsistency::kind).containsExactlyInAnyOrder(Kind.BLOCK_OF_MISSING_NODE,
                Kind.ALLOCATION_OF_MISSING_NODE, Kind.ALLOCATION_WITHOUT_HANDLE, Kind.HANDLE_WITHOUT_ALLOCATION,
                Kind.BLOCK_OF_MISSING_POOL, Kind.CORRUPT_RECORD);
        assertThat(found).filteredOn(i -> i.kind() == Kind.ALLOCATION_WITHOUT_HANDLE).singleElement()
                .satisfies(i -> assertThat(i.subject()).isEqualTo("10.0.0.2"));
        assertThat(found).filteredOn(i -> i.kind() == Kind.ALLOCATION_OF_MISSING_NODE).singleElement()
                .satisfies(i -> assertThat(i.detail()).contains("gone"));
        assertThat(IpamReport.check(snap(), Optional.empty(), 0)).extracting(Inconsistency::kind)
                .doesNotContain(Kind.BLOCK_OF_MISSING_NODE, Kind.ALLOCATION_OF_MISSING_NODE);
    }
}
