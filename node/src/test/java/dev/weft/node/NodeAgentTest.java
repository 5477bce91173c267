package dev.weft.node;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeAgentTest {
    @TempDir
    Path tmp;
    private Datastore store;

    @BeforeEach
    void setUp() {
        store = new EmbeddedDatastore(tmp.resolve("store.json"));
    }

    private void init(long ttl) {
        ClusterConfig d = ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "vxlan");
        new SubnetManager(store).init(new ClusterConfig(d.network(), 24, d.subnetMin(), d.subnetMax(), "vxlan", ttl));
    }

    private AgentConfig config(String node) {
        return new AgentConfig(node, IpAddress.parse("192.0.2.10"), tmp.resolve(node + "/subnet.env"),
                tmp.resolve(node + "/subnet"), 1450, true, Map.of());
    }

    @Test
    void publishesItsSubnetAndKeepsItAcrossRestarts() throws Exception {
        init(3600);
        SubnetLease first;
        try (NodeAgent agent = new NodeAgent(config("n1"), store)) {
            first = agent.start();
        }
        String env = Files.readString(tmp.resolve("n1/subnet.env"));
        assertThat(env).contains("WEFT_NETWORK=10.244.0.0/16")
                .contains("WEFT_SUBNET=" + first.subnet().network().plus(1) + "/24")
                .contains("WEFT_MTU=1450").contains("WEFT_IPMASQ=true");
        try (NodeAgent again = new NodeAgent(config("n1"), new EmbeddedDatastore(tmp.resolve("store.json")))) {
            assertThat(again.start().subnet()).isEqualTo(first.subnet());
        }
    }

    @Test
    void aLostLeaseIsTakenAgainAndRepublished() throws Exception {
        init(1);
        try (NodeAgent agent = new NodeAgent(config("n2"), store)) {
            SubnetLease l = agent.start();
            store.revokeLease(l.storeLease()); // as if the datastore expired it
            long deadline = System.currentTimeMillis() + 10_000;
            while (agent.lease().orElseThrow().storeLease() == l.storeLease() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            SubnetLease now = agent.lease().orElseThrow();
            assertThat(now.storeLease()).isNotEqualTo(l.storeLease());
            assertThat(now.subnet()).as("the same subnet, still free").isEqualTo(l.subnet());
            assertThat(new SubnetManager(store).leases()).extracting(SubnetLease::node).containsExactly("n2");
        }
    }

    @Test
    void leavingReleasesTheSubnetAndAnUninitialisedClusterIsAClearError() {
        assertThatThrownBy(() -> new NodeAgent(config("n3"), store).start()).hasMessageContaining("weft cluster init");
        init(3600);
        NodeAgent agent = new NodeAgent(config("n3"), store);
        agent.start();
        agent.stop(true);
        assertThat(new SubnetManager(store).leases()).isEmpty();
    }
}
