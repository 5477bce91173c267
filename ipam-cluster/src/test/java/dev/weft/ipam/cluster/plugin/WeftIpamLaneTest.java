package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.LaneSettings;
import dev.weft.ipam.cluster.ReservedLane;
import dev.weft.sdk.testing.PluginHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-ipam in the agent with addresses reserved ahead (the lane driven by hand: refill and flush
 * are the test's): the journal beside the records, no datastore round trip on a warm ADD, CHECK
 * and DEL before the write-back, and a new agent replaying the journal of a killed one.
 */
class WeftIpamLaneTest extends PluginFixture {
    @Override
    Optional<LaneSettings> lanes() {
        return Optional.of(LaneSettings.defaults().manual());
    }

    private ReservedLane lane() {
        return provider.call(DatastoreUrl.normalize(url), "n1", tmp.resolve("records"), s -> s.ipam().lane().orElseThrow());
    }

    @Test
    void aWarmAddIsAJournalEntry_checkAndDelWorkBeforeTheWriteBack_andANewAgentWritesItBack() {
        add("first");
        lane().refill();
        store.reset();
        PluginHarness.Outcome c1 = add("c1");
        add("c2");
        assertThat(store.reads.get() + store.writes.get()).as("datastore round trips of two warm ADDs").isZero();
        assertThat(Files.exists(tmp.resolve("records").resolve("n1.journal").resolve("c1:eth0@p.json"))).isTrue();
        assertThat(snap().handles()).containsOnlyKeys(att("first"));
        assertThat(ip(add("c1"))).as("a repeated ADD").isEqualTo(ip(c1));

        String conf = conf("\"pool\": \"p\"");
        String withPrev = conf.replaceFirst("\\{", "{\"prevResult\": " + c1.out() + ", ");
        assertThat(run("CHECK", "c1", withPrev).exit()).as("CHECK before the write-back").isZero();
        assertThat(run("DEL", "c1", conf).exit()).as("DEL before the write-back").isZero();
        assertThat(records("n1").read(att("c1"))).isEmpty();
        assertThat(snap().blocks().getFirst().value().slot(dev.weft.net.IpAddress.parse(ip(c1).split("/")[0])))
                .as("freed in the datastore").isEmpty();

        provider.close(); // the agent stops (as if killed): c2 is in the journal only
        provider = IpamProvider.shared(Optional.of("n1"), Optional.of(new IpamProvider.NamedStore(url, store)), lanes());
        plugin = new PluginHarness(new WeftIpamPlugin(provider));
        assertThat(lane().pendingWriteBacks()).as("replayed from the journal").isEqualTo(1);
        lane().flush();
        assertThat(snap().handles()).containsOnlyKeys(att("first"), att("c2"));
        consistent();
    }

    /**
     * A DEL served by a process that does not own the journal (the JVM path while the agent runs)
     * cannot see an address the agent handed out and has not written back: it waits for the
     * write-back and then releases it; if the wait runs out it keeps the record, so that GC can
     * still free the address (without the record the written-back address would count as live
     * for ever: the torture test's leak).
     */
    @Test
    void aDelInAnotherProcessWaitsForTheAgentsWriteBack_andKeepsTheRecordWhenItDoesNotCome() throws Exception {
        add("first");
        lane().refill();
        add("c1");
        add("c2");
        IpamProvider elsewhere = new IpamProvider() { // another process of the node: no lane, the same store
            @Override
            public <T> T call(String datastore, String node, java.nio.file.Path dataDir,
                              java.util.function.Function<Session, T> op) {
                return op.apply(new Session(new dev.weft.ipam.cluster.ClusterIpam(store), store));
            }

            @Override
            public Optional<String> node() {
                return Optional.of("n1");
            }

            @Override
            public void close() {
            }
        };
        String conf = conf("\"pool\": \"p\"");
        PluginHarness impatient = new PluginHarness(new WeftIpamPlugin(elsewhere, java.time.Clock.systemUTC(),
                java.time.Duration.ofMillis(200)));
        assertThat(impatient.run("DEL", "c1", "eth0", conf, java.util.Map.of()).exit()).isZero();
        assertThat(records("n1").read(att("c1"))).as("kept: the address is still in the agent's journal").isPresent();

        Thread writeBack = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            lane().flush();
        });
        PluginHarness patient = new PluginHarness(new WeftIpamPlugin(elsewhere, java.time.Clock.systemUTC(),
                java.time.Duration.ofSeconds(10)));
        assertThat(patient.run("DEL", "c2", "eth0", conf, java.util.Map.of()).exit()).isZero();
        writeBack.join();
        assertThat(records("n1").read(att("c2"))).isEmpty();
        assertThat(snap().handles()).as("c2 released once written back; c1 written back too, its record kept for GC")
                .containsOnlyKeys(att("first"), att("c1"));
        assertThat(patient.run("DEL", "c1", "eth0", conf, java.util.Map.of()).exit()).as("a repeated DEL").isZero();
        assertThat(records("n1").read(att("c1"))).isEmpty();
        assertThat(snap().handles()).containsOnlyKeys(att("first"));
        consistent();
    }
}
