package dev.weft.node.metrics;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.node.AgentConfig;
import dev.weft.node.NodeAgent;
import dev.weft.node.backend.Backend;
import dev.weft.node.backend.PeerReconciler;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's loops (peers, lease) and the datastore decorator move their metrics. */
class LoopMetricsTest {
    @TempDir
    Path tmp;

    private final NodeMetrics metrics = NodeMetrics.unserved();

    private double sum(String name, String... labels) {
        return MetricsScrape.sum(MetricsScrape.samples(metrics.text()), name, labels);
    }

    /** Connects every peer but "far", which it refuses as behind a router. */
    private static final class OnLinkOnly implements Backend {
        @Override
        public void ensurePeer(SubnetLease peer) {
            if (peer.node().equals("far")) {
                throw new PeerRefused("far is not on-link");
            }
        }

        @Override
        public void removePeer(SubnetLease peer) {
        }
    }

    @Test
    void peerRoundsCountConnectedAndRefusedPeers() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            SubnetManager subnets = new SubnetManager(store);
            subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "host-gw"));
            subnets.acquire("near1", IpAddress.parse("192.0.2.2"), Map.of(), Optional.empty());
            subnets.acquire("near2", IpAddress.parse("192.0.2.3"), Map.of(), Optional.empty());
            subnets.acquire("far", IpAddress.parse("198.51.100.2"), Map.of(), Optional.empty());
            try (PeerReconciler r = new PeerReconciler(subnets, new OnLinkOnly(), "self", Duration.ofHours(1), metrics)
                    .start()) {
                await(() -> sum("weft_reconcile_rounds_total", "loop=\"peers\"") >= 1);
                assertThat(sum("weft_peers_connected")).isEqualTo(2);
                assertThat(sum("weft_peers_refused")).isEqualTo(1);
                assertThat(sum("weft_reconcile_rounds_total", "loop=\"peers\"", "result=\"ok\"")).isEqualTo(1);
                assertThat(sum("weft_reconcile_round_duration_seconds_count", "loop=\"peers\"")).isEqualTo(1);
                r.wake();
                await(() -> sum("weft_reconcile_rounds_total", "loop=\"peers\"") >= 2);
            }
        }
    }

    @Test
    void leaseRenewalsAreCounted() throws Exception {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            ClusterConfig d = ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "vxlan");
            new SubnetManager(store).init(new ClusterConfig(d.network(), 24, d.subnetMin(), d.subnetMax(), "vxlan", 1));
            AgentConfig config = new AgentConfig("n1", IpAddress.parse("192.0.2.10"), tmp.resolve("subnet.env"),
                    tmp.resolve("subnet"), 1450, true, Map.of());
            try (NodeAgent agent = new NodeAgent(config, store, metrics)) {
                agent.start();
                await(() -> sum("weft_lease_renewals_total", "result=\"ok\"") >= 2);
            }
        }
    }

    @Test
    void datastoreRequestsAreTimedAndFailuresCounted() throws Exception {
        try (Datastore store = new TimedDatastore(new EmbeddedDatastore(tmp.resolve("store.json")), metrics)) {
            store.put("/k", new byte[] {1}, Datastore.ABSENT, 0);
            assertThat(store.put("/k", new byte[] {2}, Datastore.ABSENT, 0)).as("a lost CAS is an answer").isEmpty();
            store.get("/k");
            store.list("/");
            assertThatThrownBy(() -> store.commit(java.util.List.of(new dev.weft.store.Write.Delete("/k"),
                    new dev.weft.store.Write.Delete("/k")))).isInstanceOf(IllegalArgumentException.class);
            assertThat(sum("weft_datastore_request_duration_seconds_count", "op=\"put\"")).isEqualTo(2);
            assertThat(sum("weft_datastore_request_duration_seconds_count", "op=\"get\"")).isEqualTo(1);
            assertThat(sum("weft_datastore_request_duration_seconds_count", "op=\"list\"")).isEqualTo(1);
            assertThat(sum("weft_datastore_errors_total", "op=\"commit\"")).isEqualTo(1);
            assertThat(sum("weft_datastore_errors_total", "op=\"put\"")).isZero();
        }
    }

    @Test
    void bgpSessionsAreCountedByStateAndStatesThatWentAwayDropOut() {
        metrics.recordBgpSessions(Map.of("Established", 2, "Active", 1));
        assertThat(sum("weft_bgp_sessions", "state=\"Established\"")).isEqualTo(2);
        metrics.recordBgpSessions(Map.of("Established", 3));
        assertThat(sum("weft_bgp_sessions", "state=\"Established\"")).isEqualTo(3);
        assertThat(metrics.text()).doesNotContain("state=\"Active\"");
    }

    @Test
    void udpDatapathCountersAreReadFromItsStatusFile() throws Exception {
        Path status = tmp.resolve("udp/status");
        metrics.udpOverlay(status);
        assertThat(metrics.text()).as("no file yet: no samples, not zeros").doesNotContain("weft_overlay_udp_packets_total{");
        dev.weft.overlay.udp.StatusFile.write(status, Map.of("datapath", "simple", "tx_packets", "10",
                "rx_packets", "7", "drop_no_route", "3", "drop_ttl", "0"));
        assertThat(sum("weft_overlay_udp_packets_total", "direction=\"tx\"")).isEqualTo(10);
        assertThat(sum("weft_overlay_udp_packets_total", "direction=\"rx\"")).isEqualTo(7);
        assertThat(sum("weft_overlay_udp_drops_total", "reason=\"no_route\"")).isEqualTo(3);
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(done.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}
