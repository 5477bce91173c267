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
}
