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

    /** up0 (the uplink), veth1 and veth2 (pods x/a and y/b) in a new namespace; the routes the fast path reads there. */
    private FastPathRoutes setUpNode(String name) {
        for (String[] cmd : new String[][] {
                {"ip", "link", "add", "up0", "type", "veth", "peer", "name", "up1"},
                {"ip", "link", "add", "veth1", "type", "veth", "peer", "name", "vp1"},
                {"ip", "link", "add", "veth2", "type", "veth", "peer", "name", "vp2"}}) {
            Proc.inNetns(name, cmd).check();
        }
        Path dataDir = tmp.resolve("cni");
        PolicyFixtures.record(dataDir, "x", "a", A.toString(), "veth1");
        PolicyFixtures.record(dataDir, "y", "b", B.toString(), "veth2");
        return new FastPathRoutes(Cidr.parse("10.244.0.0/16"), List.of(
                new FastPathRoutes.Remote(Cidr.parse("10.244.9.0/24"), IpAddress.parse("172.30.0.1"), InterfaceName.of("up0"),
                        ifindex(name, "up0"))),
                Map.of(InterfaceName.of("veth1"), ifindex(name, "veth1"), InterfaceName.of("veth2"), ifindex(name, "veth2")));
    }

    private PolicyEnforcer agent(Inventory inv, Nft nft, FastPathRoutes routes, FastPathMode mode) {
        return new PolicyEnforcer(inv, new PodPublisher(inv, "n1", tmp.resolve("cni")), nft, "n1", Duration.ofHours(1))
                .fastPath(() -> routes, mode);
    }

    private static void round(NetNs ns, PolicyEnforcer e) {
        ns.run(() -> {
            e.round();
            return null;
        });
    }

    /**
     * A pod isolated while no agent ran keeps the old agent's program on its veth, whose map still
     * says fast: the new agent removes it before its first policy applies. An agent without eBPF
     * (off) removes every weft program and the nftables table.
     */
    @Test
    void aNewAgentRemovesWhatThePreviousAgentsFastPathWouldStillCarry() throws Exception {
        String name = netns.create("wfs");
        FastPathRoutes routes = setUpNode(name);
        int up0 = routes.remote().getFirst().ifindex();
        int veth2 = routes.podIfindex().get(InterfaceName.of("veth2"));
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
             NetNs ns = NetNs.named(name)) {
            Inventory inv = new Inventory(store);
            PolicyEnforcer first = agent(inv, new FakeNft(), routes, FastPathMode.EBPF);
            round(ns, first);
            assertThat(names(ns, veth2)).containsExactly(FastPathPrograms.FROM_POD);
            // the agent dies (its descriptors stay open here, so that its map can be read below); its programs stay
            inv.putPolicy("y", "deny", DENY_ALL_IN_Y); // y/b is isolated while no agent runs
            assertThat(first.ebpfCarries(B)).as("the old map still says fast").isTrue();
            Recording nft = new Recording();
            PolicyEnforcer second = agent(inv, nft, routes, FastPathMode.EBPF);
            nft.enforcer = second;
            round(ns, second);
            assertThat(names(ns, veth2)).as("the old program is gone from the isolated pod's veth").isEmpty();
            assertThat(second.ebpfCarries(B)).isFalse();
            assertThat(names(ns, up0)).containsExactly(FastPathPrograms.TO_POD);
            second.close();
            first.close();

            FakeNft offNft = new FakeNft();
            PolicyEnforcer off = agent(inv, offNft, routes, FastPathMode.OFF);
            assertThat(off.fastPathKind()).isEqualTo("none");
            round(ns, off);
            assertThat(names(ns, up0)).as("no fast path: no program anywhere").isEmpty();
            assertThat(offNft.applied().getFirst().render()).as("nor an nftables table, before the policy")
                    .isEqualTo("add table netdev weft_fast\ndelete table netdev weft_fast\n");
            off.close();
        }
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
                    .fastPath(() -> routes, FastPathMode.EBPF);
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
                    Duration.ofHours(1)).fastPath(() -> routes, FastPathMode.EBPF);
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
