package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.bpf.BpfProgram;
import dev.weft.netlink.bpf.Tcx;
import dev.weft.netlink.ns.NetNs;
import dev.weft.nft.FakeNft;
import dev.weft.nft.Nft;
import dev.weft.nft.Transaction;
import dev.weft.policy.compile.FastPathRoutes;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enforcer with the eBPF fast path in a namespace of the test's own (real maps, programs and
 * tcx attachments; nft faked): only pods no policy isolates are in the map, with the pod program on
 * their veths and the uplink program on the uplink; a pod that becomes isolated is out of the map
 * before the transaction with its chains, and back only after the one removing them; a restarted
 * agent's programs replace the previous agent's on every device.
 */
@RequiresRoot
class PolicyEnforcerEbpfRootTest {
    private static final IpAddress A = IpAddress.parse("10.244.1.2");
    private static final IpAddress B = IpAddress.parse("10.244.1.3");
    private static final String DENY_ALL_IN_Y = PolicyFixtures.DENY_ALL_IN_X.replace("\"x\"", "\"y\"");

    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;

    /** Records, at each transaction, whether B was in the map, and the transaction's text. */
    private static final class Recording implements Nft {
        final FakeNft fake = new FakeNft();
        final List<String> texts = new ArrayList<>();
        final List<Boolean> bCarried = new ArrayList<>();
        PolicyEnforcer enforcer;

        @Override
        public void apply(Transaction tx) {
            texts.add(tx.render());
            bCarried.add(enforcer != null && enforcer.ebpfCarries(B));
            fake.apply(tx);
        }

        @Override
        public Optional<tools.jackson.databind.JsonNode> listJson(String object) {
            return fake.listJson(object);
        }

        /** Whether B was in the map when the first transaction matching {@code which} since {@code from} was applied. */
        boolean carriedAt(int from, Predicate<String> which) {
            for (int i = from; i < texts.size(); i++) {
                if (which.test(texts.get(i))) {
                    return bCarried.get(i);
                }
            }
            throw new AssertionError("no such transaction in " + texts.subList(from, texts.size()));
        }
    }

    private static int ifindex(String ns, String dev) {
        return Integer.parseInt(Proc.inNetns(ns, "cat", "/sys/class/net/" + dev + "/ifindex").out().strip());
    }

    @Test
    void onlyUnisolatedPodsAreFastAndIsolationLeavesTheMapBeforeTheChainsAppear() throws Exception {
        String name = netns.create("wfe");
        for (String[] cmd : new String[][] {
                {"ip", "link", "add", "up0", "type", "veth", "peer", "name", "up1"},
                {"ip", "link", "add", "veth1", "type", "veth", "peer", "name", "vp1"},
                {"ip", "link", "add", "veth2", "type", "veth", "peer", "name", "vp2"}}) {
            Proc.inNetns(name, cmd).check();
        }
        int up0 = ifindex(name, "up0");
        int veth1 = ifindex(name, "veth1");
        int veth2 = ifindex(name, "veth2");
        FastPathRoutes routes = new FastPathRoutes(Cidr.parse("10.244.0.0/16"), List.of(
                new FastPathRoutes.Remote(Cidr.parse("10.244.9.0/24"), IpAddress.parse("172.30.0.1"), InterfaceName.of("up0"), up0)),
                Map.of(InterfaceName.of("veth1"), veth1, InterfaceName.of("veth2"), veth2));
        Path dataDir = tmp.resolve("cni");
        PolicyFixtures.record(dataDir, "x", "a", A.toString(), "veth1");
        PolicyFixtures.record(dataDir, "y", "b", B.toString(), "veth2");
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
             NetNs ns = NetNs.named(name)) {
            Inventory inv = new Inventory(store);
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            Recording nft = new Recording();
            PolicyEnforcer enforcer = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft, "n1", Duration.ofHours(1))
                    .fastPath(() -> routes, true);
            nft.enforcer = enforcer;
            assertThat(enforcer.fastPathKind()).isEqualTo("ebpf");
            Runnable round = () -> ns.run(() -> {
                enforcer.round();
                return null;
            });

            round.run();
            assertThat(nft.texts).as("an nftables fast path a previous agent left goes")
                    .contains("add table netdev weft_fast\ndelete table netdev weft_fast\n");
            assertThat(enforcer.ebpfCarries(B)).isTrue();
            assertThat(enforcer.ebpfCarries(A)).as("x/a is isolated").isFalse();
            assertThat(names(ns, veth2)).containsExactly(FastPathPrograms.FROM_POD);
            assertThat(names(ns, veth1)).as("no fast pod behind it").isEmpty();
            assertThat(names(ns, up0)).containsExactly(FastPathPrograms.TO_POD);
            int agentOnesUplinkProgram = ns.run(() -> Tcx.ids(up0, Tcx.Direction.INGRESS)).getFirst();

            int before = nft.texts.size();
            inv.putPolicy("y", "deny", DENY_ALL_IN_Y);
            round.run();
            assertThat(nft.carriedAt(before, t -> t.contains(B + " : jump ingress_"))).as("out before its chains").isFalse();
            assertThat(enforcer.ebpfCarries(B)).isFalse();

            before = nft.texts.size();
            inv.deletePolicy("y", "deny");
            round.run();
            assertThat(nft.carriedAt(before, t -> t.contains("ingress_"))).as("back only after the chains went").isFalse();
            assertThat(enforcer.ebpfCarries(B)).isTrue();

            // a restarted agent: its programs replace the previous ones
            Recording nft2 = new Recording();
            PolicyEnforcer restarted = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft2, "n1",
                    Duration.ofHours(1)).fastPath(() -> routes, true);
            ns.run(() -> {
                restarted.round();
                return null;
            });
            List<Integer> now = ns.run(() -> Tcx.ids(up0, Tcx.Direction.INGRESS));
            assertThat(now).hasSize(1).doesNotContain(agentOnesUplinkProgram);
            assertThat(names(ns, up0)).containsExactly(FastPathPrograms.TO_POD);
            assertThat(names(ns, veth2)).containsExactly(FastPathPrograms.FROM_POD);
            assertThat(restarted.ebpfCarries(B)).isTrue();
            enforcer.close();
            restarted.close();
        }
    }

    private static List<String> names(NetNs ns, int ifindex) {
        return ns.run(() -> Tcx.programs(ifindex, Tcx.Direction.INGRESS)).stream().map(BpfProgram.Info::name).toList();
    }
}
