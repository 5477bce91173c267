package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.nft.FakeNft;
import dev.weft.nft.Nft;
import dev.weft.nft.NftException;
import dev.weft.nft.Transaction;
import dev.weft.policy.compile.FastPathRoutes;
import dev.weft.policy.compile.PolicyCompiler;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enforcer's fast path on a fake nft: the table goes in the same transaction as the policy
 * changes, so a pod that becomes isolated leaves it in the commit that isolates it; a table the
 * kernel refuses leaves the policy applied, is removed, and is not tried again until it changes;
 * while the kernel's routes cannot be read there is no table.
 */
class PolicyEnforcerFastPathTest {
    private static final FastPathRoutes ROUTES = new FastPathRoutes(Cidr.parse("10.244.0.0/16"), List.of(
            new FastPathRoutes.Remote(Cidr.parse("10.244.9.0/24"), IpAddress.parse("172.30.0.1"), InterfaceName.of("eth0"), 2)),
            Map.of(InterfaceName.of("veth1"), 11, InterfaceName.of("veth2"), 12));
    private static final String DENY_ALL_IN_Y = PolicyFixtures.DENY_ALL_IN_X.replace("\"x\"", "\"y\"");

    @TempDir
    Path tmp;

    /** Pod x/a isolated by a deny-all, pod y/b not; the enforcer on {@code nft} with the fast path on {@link #ROUTES}. */
    private PolicyEnforcer enforcer(Inventory inv, Nft nft) {
        return enforcer(inv, nft, () -> ROUTES);
    }

    private PolicyEnforcer enforcer(Inventory inv, Nft nft, java.util.function.Supplier<FastPathRoutes> routes) {
        Path dataDir = tmp.resolve("cni");
        inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
        PolicyFixtures.record(dataDir, "x", "a", "10.244.1.2", "veth1");
        PolicyFixtures.record(dataDir, "y", "b", "10.244.1.3", "veth2");
        return new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft, "n1", Duration.ofHours(1))
                .fastPath(routes, FastPathMode.NFTABLES);
    }

    @Test
    void theTableFollowsIsolationInThePolicysOwnTransaction() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            FakeNft nft = new FakeNft();
            PolicyEnforcer enforcer = enforcer(inv, nft);

            enforcer.round();
            assertThat(nft.applied()).hasSize(1);
            String first = nft.applied().getFirst().render();
            assertThat(first).contains("table inet weft_policy").contains("add table netdev weft_fast")
                    .as("x/a is isolated").contains("add element netdev weft_fast fast_src4 { \"veth2\" . 10.244.1.3 }");
            nft.setListing("table inet " + PolicyCompiler.TABLE, JsonNodeFactory.instance.objectNode());

            enforcer.round();
            assertThat(nft.applied()).as("nothing changed, nothing applied").hasSize(1);

            inv.putPolicy("y", "deny", DENY_ALL_IN_Y);
            enforcer.round();
            assertThat(nft.applied()).hasSize(2);
            String isolating = nft.applied().get(1).render();
            assertThat(isolating).as("b's chain and b off the fast path, one commit").contains("10.244.1.3 : jump ingress_")
                    .contains("delete table netdev weft_fast").doesNotContain("add element netdev weft_fast");
        }
    }

    @Test
    void aRefusedTableLeavesThePolicyAppliedAndIsNotRetriedUntilItChanges() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            FakeNft fake = new FakeNft();
            Nft refusingFwd = new Nft() {
                @Override
                public void apply(Transaction tx) {
                    if (tx.render().contains(" fwd ")) {
                        throw new NftException("nft: Error: Could not process rule: Operation not supported");
                    }
                    fake.apply(tx);
                }

                @Override
                public Optional<tools.jackson.databind.JsonNode> listJson(String object) {
                    return fake.listJson(object);
                }
            };
            PolicyEnforcer enforcer = enforcer(inv, refusingFwd);

            enforcer.round();
            assertThat(fake.applied()).hasSize(2);
            assertThat(fake.applied().getFirst().render()).contains("table inet weft_policy").doesNotContain("netdev");
            assertThat(fake.applied().get(1).render()).isEqualTo("add table netdev weft_fast\ndelete table netdev weft_fast\n");
            assertThat(enforcer.health().failing()).isFalse();
            fake.setListing("table inet " + PolicyCompiler.TABLE, JsonNodeFactory.instance.objectNode());

            enforcer.round();
            assertThat(fake.applied()).as("the same table is not tried again").hasSize(2);
        }
    }

    /** Without the kernel's routes the table cannot be compiled; it goes, in the commit of the policy that isolates. */
    @Test
    void unreadableRoutesTakeTheTableAwayInThePolicysTransaction() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            FakeNft nft = new FakeNft();
            java.util.concurrent.atomic.AtomicBoolean readable = new java.util.concurrent.atomic.AtomicBoolean(true);
            PolicyEnforcer enforcer = enforcer(inv, nft, () -> {
                if (!readable.get()) {
                    throw new IllegalStateException("netlink: route dump interrupted");
                }
                return ROUTES;
            });
            enforcer.round();
            assertThat(nft.applied().getFirst().render()).contains("add element netdev weft_fast fast_src4 { \"veth2\" . 10.244.1.3 }");
            nft.setListing("table inet " + PolicyCompiler.TABLE, JsonNodeFactory.instance.objectNode());

            readable.set(false);
            inv.putPolicy("y", "deny", DENY_ALL_IN_Y);
            enforcer.round();
            assertThat(nft.applied()).hasSize(2);
            assertThat(nft.applied().get(1).render()).contains("10.244.1.3 : jump ingress_")
                    .contains("delete table netdev weft_fast").doesNotContain("add element netdev weft_fast");
            enforcer.round();
            assertThat(nft.applied()).as("still unreadable: nothing more").hasSize(2);

            readable.set(true);
            inv.deletePolicy("y", "deny");
            enforcer.round();
            assertThat(nft.applied().getLast().render()).as("readable again: the table is back")
                    .contains("add element netdev weft_fast fast_src4 { \"veth2\" . 10.244.1.3 }");
        }
    }
}
