package dev.weft.node.backend;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler reacts to lease changes through the datastore watch, not the resync period: the
 * period here is an hour, so only a wake-up can explain a second round.
 */
class PeerReconcilerWakeTest {
    @TempDir
    Path tmp;

    private static final class Recording implements Backend {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void ensurePeer(SubnetLease peer) {
            calls.add("ensure " + peer.node());
        }

        @Override
        public void removePeer(SubnetLease peer) {
            calls.add("remove " + peer.node());
        }
    }

    @Test
    void aLeaseChangeWakesTheReconcilerAndEveryRoundIsReported() throws Exception {
        var store = new EmbeddedDatastore(tmp.resolve("store.json"));
        SubnetManager subnets = new SubnetManager(store);
        subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "host-gw"));
        Recording backend = new Recording();
        AtomicInteger rounds = new AtomicInteger();
        try (PeerReconciler r = new PeerReconciler(subnets, backend, "self", Duration.ofHours(1))
                .afterRound(rounds::incrementAndGet).start();
             AutoCloseable watch = subnets.watchLeases(r::wake)) {
            await(() -> rounds.get() >= 1);
            assertThat(backend.calls).isEmpty();

            SubnetLease peer = subnets.acquire("peer", IpAddress.parse("192.0.2.2"), Map.of(), Optional.empty());
            await(() -> backend.calls.contains("ensure peer"));
            assertThat(r.applied()).containsExactly(peer.subnet());

            subnets.release(peer);
            await(() -> backend.calls.contains("remove peer"));
            assertThat(r.applied()).isEmpty();
            assertThat(rounds.get()).isGreaterThanOrEqualTo(3);
        }
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(done.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}
