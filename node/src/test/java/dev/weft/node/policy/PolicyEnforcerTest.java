package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.nft.FakeNft;
import dev.weft.policy.compile.PolicyCompiler;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rounds of the policy loop on a fake nft and the embedded store: whole table first, then differences. */
class PolicyEnforcerTest {
    @TempDir
    Path tmp;

    private static void tableExists(FakeNft nft) {
        nft.setListing("table inet " + PolicyCompiler.TABLE, JsonNodeFactory.instance.objectNode());
    }

    @Test
    void firstRoundReplacesTheTableThenOnlyDifferencesAreApplied() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            Path dataDir = tmp.resolve("cni");
            FakeNft nft = new FakeNft();
            PolicyEnforcer enforcer = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft, "n1", Duration.ofHours(1));
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            PolicyFixtures.record(dataDir, "x", "a", "10.244.1.2", "veth1");

            enforcer.round();
            assertThat(nft.applied()).hasSize(1);
            String whole = nft.applied().getFirst().render();
            assertThat(whole).contains("table inet weft_policy").contains("10.244.1.2");
            tableExists(nft);

            enforcer.round();
            assertThat(nft.applied()).as("nothing changed, nothing applied").hasSize(1);

            PolicyFixtures.record(dataDir, "x", "b", "10.244.1.3", "veth2");
            enforcer.round();
            assertThat(nft.applied()).hasSize(2);
            String diff = nft.applied().get(1).render();
            assertThat(diff).contains("10.244.1.3").doesNotContain("delete table");
            assertThat(diff.length()).isLessThan(whole.length());
            assertThat(enforcer.applied()).isEqualTo(2);
        }
    }

    @Test
    void aVanishedTableIsReplacedWholeOnThePeriodicRound() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            FakeNft nft = new FakeNft();
            PolicyEnforcer enforcer = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", tmp.resolve("cni")), nft, "n1",
                    Duration.ofHours(1));
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            PolicyFixtures.record(tmp.resolve("cni"), "x", "a", "10.244.1.2", "veth1");
            enforcer.round();
            // no listing: as if someone flushed the ruleset
            enforcer.round();
            assertThat(nft.applied()).hasSize(2);
            assertThat(nft.applied().get(1).render()).isEqualTo(nft.applied().getFirst().render());
        }
    }

    @Test
    void enforceNowReturnsOnceARoundThatSawThePodApplied() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            Path dataDir = tmp.resolve("cni");
            FakeNft nft = new FakeNft();
            PolicyEnforcer enforcer = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft, "n1",
                    Duration.ofHours(1));
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            inv.putNamespaceLabels("x", Map.of());
            enforcer.startLoop();
            try {
                PolicyFixtures.record(dataDir, "x", "a", "10.244.1.2", "veth1");
                assertThat(enforcer.enforceNow(Duration.ofSeconds(30))).isTrue();
                assertThat(nft.script()).contains("10.244.1.2");
            } finally {
                enforcer.close();
            }
        }
    }

    /** The rounds' account for the status file: applied rounds, a failing one with its error, recovery. */
    @Test
    void healthCountsAppliedAndFailedRoundsAndTheLastError() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            Inventory inv = new Inventory(store);
            Path dataDir = tmp.resolve("cni");
            FakeNft fake = new FakeNft();
            boolean[] refuse = {false};
            dev.weft.nft.Nft nft = new dev.weft.nft.Nft() {
                @Override
                public void apply(dev.weft.nft.Transaction tx) {
                    if (refuse[0]) {
                        throw new dev.weft.nft.NftException("nft: Error: Could not process rule: No such file or directory");
                    }
                    fake.apply(tx);
                }

                @Override
                public java.util.Optional<tools.jackson.databind.JsonNode> listJson(String object) {
                    return fake.listJson(object);
                }
            };
            PolicyEnforcer enforcer = new PolicyEnforcer(inv, new PodPublisher(inv, "n1", dataDir), nft, "n1", Duration.ofHours(1));
            assertThat(enforcer.health()).isEqualTo(PolicyHealth.NONE);
            inv.putPolicy("x", "deny", PolicyFixtures.DENY_ALL_IN_X);
            PolicyFixtures.record(dataDir, "x", "a", "10.244.1.2", "veth1");
            enforcer.round();
            tableExists(fake);
            PolicyHealth first = enforcer.health();
            assertThat(first.okRounds()).isEqualTo(1);
            assertThat(first.failing()).isFalse();
            assertThat(first.lastOkMillis()).isPositive();

            refuse[0] = true;
            PolicyFixtures.record(dataDir, "x", "b", "10.244.1.3", "veth2");
            org.assertj.core.api.Assertions.assertThatThrownBy(enforcer::round).isInstanceOf(dev.weft.nft.NftException.class);
            PolicyHealth failing = enforcer.health();
            assertThat(failing.failing()).isTrue();
            assertThat(failing.failedRounds()).isEqualTo(1);
            assertThat(failing.okRounds()).isEqualTo(1);
            assertThat(failing.lastError()).contains("No such file or directory");
            assertThat(failing.lastOkMillis()).as("the last good round's time is kept").isEqualTo(first.lastOkMillis());

            refuse[0] = false;
            enforcer.round();
            PolicyHealth recovered = enforcer.health();
            assertThat(recovered.failing()).isFalse();
            assertThat(recovered.lastError()).isEmpty();
            assertThat(recovered.okRounds()).isEqualTo(2);
            assertThat(recovered.failedRounds()).isEqualTo(1);
        }
    }
}
