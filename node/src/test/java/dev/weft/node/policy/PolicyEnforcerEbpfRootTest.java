package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.bpf.BpfMap;
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
        final List<Boolean> kernelCarried = new ArrayList<>();
        PolicyEnforcer enforcer;
        java.util.function.BooleanSupplier kernel = () -> false;

        @Override
        public void apply(Transaction tx) {
            texts.add(tx.render());
            bCarried.add(enforcer != null && enforcer.ebpfCarries(B));
            kernelCarried.add(kernel.getAsBoolean());
            fake.apply(tx);
        }

        @Override
        public Optional<tools.jackson.databind.JsonNode> listJson(String object) {
            return fake.listJson(object);
        }

        /** Whether B was in the map when the first transaction matching {@code which} since {@code from} was applied. */
        boolean carriedAt(int from, Predicate<String> which) {
            return bCarried.get(first(from, which));
        }

        /** Whether the programs in the kernel carried B then (see {@link #kernel}). */
        boolean kernelCarriedAt(int from, Predicate<String> which) {
            return kernelCarried.get(first(from, which));
        }

        private int first(int from, Predicate<String> which) {
            for (int i = from; i < texts.size(); i++) {
                if (which.test(texts.get(i))) {
                    return i;
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
        Proc.inNetnsAll(name, new String[][] {
                {"ip", "link", "add", "up0", "type", "veth", "peer", "name", "up1"},
                {"ip", "link", "add", "veth1", "type", "veth", "peer", "name", "vp1"},
                {"ip", "link", "add", "veth2", "type", "veth", "peer", "name", "vp2"}});
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
     * says fast: the new agent takes it out of the map before its first policy applies, and the
     * program off the veth. A weft program whose maps are not of this version's shape is not taken
     * over but removed. An agent without eBPF (off) removes every weft program and the nftables table.
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
            int veth1 = routes.podIfindex().get(InterfaceName.of("veth1"));
            int olderId;
            try (BpfMap odd = BpfMap.create(BpfMap.HASH, "weft_pods", 4, 4, 8);
                 BpfProgram older = BpfProgram.load(BpfProgram.SCHED_CLS, "weft_from_pod", new dev.weft.netlink.bpf.Assembler()
                         .loadMap(1, odd).movImm(0, BpfProgram.TC_NEXT).exit().assemble())) {
                ns.run(() -> {
                    Tcx.attach(veth1, Tcx.Direction.INGRESS, older);
                    return null;
                });
                olderId = older.id();
            }
            PolicyEnforcer first = agent(inv, new FakeNft(), routes, FastPathMode.EBPF);
            round(ns, first);
            assertThat(ns.run(() -> Tcx.programs(veth1, Tcx.Direction.INGRESS))).as("a program of another shape: removed")
                    .extracting(BpfProgram.Info::id).doesNotContain(olderId).hasSize(1);
            assertThat(names(ns, veth2)).containsExactly(FastPathPrograms.FROM_POD);
            // the agent dies (its descriptors stay open here, so that its map can be read below); its programs stay
            inv.putPolicy("y", "deny", DENY_ALL_IN_Y); // y/b is isolated while no agent runs
            assertThat(first.ebpfCarries(B)).as("the old map still says fast").isTrue();
            Recording nft = new Recording();
            PolicyEnforcer second = agent(inv, nft, routes, FastPathMode.EBPF);
            nft.enforcer = second;
            nft.kernel = () -> kernelCarries(veth2, up0, B);
            round(ns, second);
            assertThat(nft.kernelCarriedAt(0, t -> t.contains(B + " : jump ingress_")))
                    .as("the old programs no longer carry y/b when its chains appear").isFalse();
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

    /** Without the kernel's routes no pod joins, but one the policy isolates still leaves before its chains appear. */
    @Test
    void unreadableRoutesStillTakeAnIsolatedPodOutFirst() throws Exception {
        String name = netns.create("wfu");
        FastPathRoutes routes = setUpNode(name);
        java.util.concurrent.atomic.AtomicBoolean readable = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"));
             NetNs ns = NetNs.named(name)) {
            Inventory inv = new Inventory(store);
            Recording nft = new Recording();
            PolicyEnforcer e = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", tmp.resolve("cni")), nft, "n1",
                    Duration.ofHours(1)).fastPath(() -> {
                        if (!readable.get()) {
                            throw new IllegalStateException("netlink: route dump interrupted");
                        }
                        return routes;
                    }, FastPathMode.EBPF);
            nft.enforcer = e;
            round(ns, e);
            assertThat(e.ebpfCarries(A)).isTrue();
            assertThat(e.ebpfCarries(B)).isTrue();

            readable.set(false);
            int before = nft.texts.size();
            inv.putPolicy("y", "deny", DENY_ALL_IN_Y);
            round(ns, e);
            assertThat(nft.carriedAt(before, t -> t.contains(B + " : jump ingress_"))).as("out before its chains").isFalse();
            assertThat(e.ebpfCarries(A)).as("x/a stays as it was").isTrue();

            inv.deletePolicy("y", "deny");
            round(ns, e);
            assertThat(e.ebpfCarries(B)).as("no pod joins while the routes are unreadable").isFalse();
            readable.set(true);
            round(ns, e);
            assertThat(e.ebpfCarries(B)).isTrue();
            e.close();
        }
    }

    @Test
    void onlyUnisolatedPodsAreFastAndIsolationLeavesTheMapBeforeTheChainsAppear() throws Exception {
        String name = netns.create("wfe");
        FastPathRoutes routes = setUpNode(name);
        int up0 = routes.remote().getFirst().ifindex();
        int veth1 = routes.podIfindex().get(InterfaceName.of("veth1"));
        int veth2 = routes.podIfindex().get(InterfaceName.of("veth2"));
        Path dataDir = tmp.resolve("cni");
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

            // a restarted agent takes over the previous one's maps: B stays fast at every step (a ping
            // whose request left fast and whose answer came back through conntrack would be dropped as
            // invalid), and its programs replace the previous ones
            int podsMap = podsMapOn(ns, veth2);
            Recording nft2 = new Recording();
            nft2.kernel = () -> kernelCarries(veth2, up0, B);
            PolicyEnforcer restarted = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft2, "n1",
                    Duration.ofHours(1)).fastPath(() -> routes, FastPathMode.EBPF);
            ns.run(() -> {
                restarted.round();
                return null;
            });
            assertThat(nft2.kernelCarried).as("B fast at each of the restarted agent's transactions").isNotEmpty()
                    .containsOnly(true);
            assertThat(podsMapOn(ns, veth2)).as("the previous agent's map, taken over").isEqualTo(podsMap);
            List<Integer> now = ns.run(() -> Tcx.ids(up0, Tcx.Direction.INGRESS));
            assertThat(now).hasSize(1).doesNotContain(agentOnesUplinkProgram);
            assertThat(names(ns, up0)).containsExactly(FastPathPrograms.TO_POD);
            assertThat(names(ns, veth2)).containsExactly(FastPathPrograms.FROM_POD);
            assertThat(restarted.ebpfCarries(B)).isTrue();
            enforcer.close();
            restarted.close();
        }
    }

    /**
     * Whether the programs on the devices now take {@code ip}'s traffic fast both ways (in the
     * calling thread's namespace): a pod program on {@code veth} and an uplink program on
     * {@code uplink}, each reading a pods map that holds {@code ip}, whichever agent loaded them.
     */
    private static boolean kernelCarries(int veth, int uplink, IpAddress ip) {
        return carriesOn(veth, FastPathPrograms.FROM_POD, ip) && carriesOn(uplink, FastPathPrograms.TO_POD, ip);
    }

    private static boolean carriesOn(int ifindex, String program, IpAddress ip) {
        for (BpfProgram.Info p : Tcx.programs(ifindex, Tcx.Direction.INGRESS)) {
            if (!p.name().equals(program)) {
                continue;
            }
            for (int id : p.mapIds()) {
                try (BpfMap m = BpfMap.open(id)) {
                    if (m.name().equals("weft_pods") && m.get(ip.bytes()).isPresent()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The id of the pods map the program on {@code ifindex} reads. */
    private static int podsMapOn(NetNs ns, int ifindex) {
        return ns.run(() -> {
            for (int id : Tcx.programs(ifindex, Tcx.Direction.INGRESS).getFirst().mapIds()) {
                try (BpfMap m = BpfMap.open(id)) {
                    if (m.name().equals("weft_pods")) {
                        return id;
                    }
                }
            }
            throw new AssertionError("no pods map on " + ifindex);
        });
    }

    private static List<String> names(NetNs ns, int ifindex) {
        return ns.run(() -> Tcx.programs(ifindex, Tcx.Direction.INGRESS)).stream().map(BpfProgram.Info::name).toList();
    }
}
