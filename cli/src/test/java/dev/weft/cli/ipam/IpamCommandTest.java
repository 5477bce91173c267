package dev.weft.cli.ipam;

import dev.weft.ipam.cluster.AllocationRequest;
import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.ClusterIpam;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.NodeRemovals;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.plugin.AttachmentRecord;
import dev.weft.ipam.cluster.plugin.AttachmentRecords;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Proc;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft ipam} as a user runs it, on an embedded store: bad input names the option and stores nothing. */
class IpamCommandTest {
    @TempDir
    Path tmp;

    private Proc.Result weft(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--datastore", tmp.resolve("store.json").toString()));
        return WeftCli.run(null, Map.of(), a.toArray(String[]::new));
    }

    private <T> T withStore(java.util.function.Function<EmbeddedDatastore, T> f) {
        try (EmbeddedDatastore ds = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            return f.apply(ds);
        }
    }

    @Test
    void poolAddListDel_andBadInputNamesTheOptionAndStoresNothing() {
        Proc.Result add = weft("ipam", "pool", "add", "pods", "10.60.0.0/16", "--block-size", "26",
                "--exclude", "10.60.0.0/24", "--exclude", "10.60.1.10-10.60.1.20", "--gateway", "10.60.255.254");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("pool pods 10.60.0.0/16: 1024 block(s) of /26").contains("gateway 10.60.255.254");
        assertThat(weft("ipam", "pool", "add", "pods", "10.60.0.0/16", "--block-size", "26", "--exclude", "10.60.0.0/24",
                "--exclude", "10.60.1.10-10.60.1.20", "--gateway", "10.60.255.254").exit()).as("the same pool again").isZero();

        record Bad(String what, List<String> args, String says) {
        }
        for (Bad b : List.of(
                new Bad("host bits", List.of("v", "10.61.0.1/16"), "CIDR"),
                new Bad("junk CIDR", List.of("v", "ten/8"), "CIDR"),
                new Bad("block size", List.of("v", "10.61.0.0/16", "--block-size", "8"), "block-size"),
                new Bad("exclude outside", List.of("v", "10.61.0.0/16", "--exclude", "10.99.0.0/24"), "exclude"),
                new Bad("bad range", List.of("v", "10.61.0.0/16", "--exclude", "10.61.0.9-10.61.0.1"), "--exclude"),
                new Bad("gateway", List.of("v", "10.61.0.0/16", "--gateway", "10.62.0.1"), "gateway"),
                new Bad("name", List.of("Bad Name", "10.61.0.0/16"), "pool name"),
                new Bad("overlap", List.of("other", "10.60.128.0/17"), "overlap"),
                new Bad("name taken", List.of("pods", "10.70.0.0/16"), "pods"))) {
            List<String> args = new ArrayList<>(List.of("ipam", "pool", "add"));
            args.addAll(b.args());
            Proc.Result r = weft(args.toArray(String[]::new));
            assertThat(r.exit()).as(b.what()).isEqualTo(1);
            assertThat(r.err()).as(b.what()).containsIgnoringCase(b.says());
        }
        List<dev.weft.ipam.cluster.Pool> pools = withStore(ds -> new PoolAdmin(ds).list());
        assertThat(pools).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("pods"));

        Proc.Result list = weft("ipam", "pool", "list");
        assertThat(list.out()).contains("pods").contains("10.60.0.0/16").contains("/26").contains("10.60.0.0-10.60.0.255");

        withStore(ds -> new ClusterIpam(ds).allocate(AllocationRequest.of("n1", AttachmentId.of("c1", "eth0"), "pods")));
        Proc.Result inUse = weft("ipam", "pool", "del", "pods");
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).contains("1 allocated address").contains("--force");
        assertThat(weft("ipam", "pool", "del", "nosuch").exit()).isEqualTo(1);
        Proc.Result forced = weft("ipam", "pool", "del", "pods", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("1 address(es) released");
        IpamSnapshot after = withStore(IpamSnapshot::read);
        assertThat(after.blocks()).isEmpty();
    }

    @Test
    void showCheckAndGc_ofARemovedNode() {
        assertThat(weft("ipam", "pool", "add", "p", "10.62.0.0/24", "--block-size", "28").exit()).isZero();
        withStore(ds -> {
            ClusterIpam ipam = new ClusterIpam(ds);
            ipam.allocate(AllocationRequest.of("n1", AttachmentId.of("a", "eth0"), "p"));
            ipam.allocate(AllocationRequest.of("n2", AttachmentId.of("b", "eth0"), "p"));
            return null;
        });
        Proc.Result show = weft("ipam", "show");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("pool p 10.62.0.0/24: 2 of 254 addresses in use").contains("n1").contains("n2");
        assertThat(weft("ipam", "show", "nosuch").err()).contains("no IP pool named nosuch");
        assertThat(weft("ipam", "show", "p", "--addresses").out()).containsPattern("10\\.62\\.0\\.\\d+ +p +n1 +a:eth0 +- +yes");
        Proc.Result ok = weft("ipam", "check");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("consistent: 1 pool(s), 2 block(s), 2 allocation(s), 2 handle(s)");

        withStore(ds -> {
            new NodeRemovals(ds).mark("n2", 1);
            return null;
        });
        Proc.Result bad = weft("ipam", "check");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("BLOCK_OF_MISSING_NODE").contains("ALLOCATION_OF_MISSING_NODE").contains("node n2");

        Proc.Result dry = weft("ipam", "gc", "--dry-run");
        assertThat(dry.out()).contains("dry run: would release 1 address(es)").contains("NODE_REMOVED");
        assertThat(weft("ipam", "check").exit()).as("a dry run changes nothing").isEqualTo(1);
        Proc.Result gc = weft("ipam", "gc");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(gc.out()).contains("released 1 address(es)").contains("node n2, b:eth0");
        assertThat(weft("ipam", "check").exit()).isZero();
        assertThat(weft("ipam", "gc", "--grace", "soon").err()).contains("--grace \"soon\" is not a duration");
    }

    @Test
    void gcOnANode_releasesAddressesWhoseNamespaceIsGone_afterTheGrace() throws Exception {
        assertThat(weft("ipam", "pool", "add", "p", "10.63.0.0/24").exit()).isZero();
        Path records = tmp.resolve("records");
        Path ns = Files.createFile(tmp.resolve("ns-live"));
        withStore(ds -> {
            ClusterIpam ipam = new ClusterIpam(ds);
            AttachmentRecords r = new AttachmentRecords(records, "n1");
            for (String cid : List.of("live", "gone")) {
                AttachmentId a = AttachmentId.of(cid, "eth0");
                String path = cid.equals("live") ? ns.toString() : tmp.resolve("ns-gone").toString();
                r.write(new AttachmentRecord(a, "net", path, OptionalLong.empty(), Optional.empty(), 0));
                ipam.allocate(AllocationRequest.of("n1", a, "p"));
            }
            return null;
        });
        Proc.Result first = weft("ipam", "gc", "--node", "n1", "--data-dir", records.toString(), "--grace", "0s");
        assertThat(first.out()).as(first.err()).contains("released 0 address(es)").contains("marked missing 1");
        Proc.Result second = weft("ipam", "gc", "--node", "n1", "--data-dir", records.toString(), "--grace", "0s");
        assertThat(second.out()).contains("released 1 address(es)").contains("gone:eth0").contains("ATTACHMENT_GONE")
                .contains("records pruned 1");
        IpamSnapshot after = withStore(IpamSnapshot::read);
        assertThat(after.handles().keySet()).containsExactly(AttachmentId.of("live", "eth0"));
        assertThat(weft("ipam", "gc", "--node", "bad node").err()).contains("--node");
    }
}
