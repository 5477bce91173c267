package dev.weft.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubnetManagerTest {
    @TempDir
    Path tmp;
    private Datastore store;
    private SubnetManager subnets;
    private static final IpAddress IP = IpAddress.parse("192.0.2.10");

    @BeforeEach
    void setUp() {
        store = new EmbeddedDatastore(tmp.resolve("store.json"));
        subnets = new SubnetManager(store);
    }

    private ClusterConfig init(String network, long ttl) {
        ClusterConfig d = ClusterConfig.of(Cidr.parse(network), 24, "vxlan");
        return subnets.init(new ClusterConfig(d.network(), 24, d.subnetMin(), d.subnetMax(), "vxlan", ttl));
    }

    private SubnetLease acquire(String node) {
        return subnets.acquire(node, IP, Map.of("vtepMAC", "02:00:00:00:00:01"), Optional.empty());
    }

    @Test
    void defaultsSkipTheFirstSubnetAndInitIsIdempotent() {
        ClusterConfig c = ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "vxlan");
        assertThat(c.subnetMin()).isEqualTo(Cidr.parse("10.244.1.0/24"));
        assertThat(c.subnetMax()).isEqualTo(Cidr.parse("10.244.255.0/24"));
        assertThat(subnets.init(c)).isEqualTo(c);
        assertThat(subnets.init(c)).isEqualTo(c);
        assertThatThrownBy(() -> subnets.init(ClusterConfig.of(Cidr.parse("10.245.0.0/16"), 24, "host-gw")))
                .hasMessageContaining("already initialised with 10.244.0.0/16");
        assertThatThrownBy(() -> new SubnetManager(new EmbeddedDatastore(tmp.resolve("empty.json"))).config())
                .hasMessageContaining("weft cluster init");
    }

    @Test
    void nodesGetDistinctSubnetsInRangeAndKeepThemAcrossRestarts() {
        init("10.244.0.0/16", 3600);
        Set<Cidr> got = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            SubnetLease l = acquire("node" + i);
            assertThat(l.subnet().prefixLength()).isEqualTo(24);
            assertThat(Cidr.parse("10.244.0.0/16").contains(l.subnet())).isTrue();
            assertThat(l.subnet()).isNotEqualTo(Cidr.parse("10.244.0.0/24"));
            got.add(l.subnet());
        }
        assertThat(got).hasSize(10);
        SubnetLease before = subnets.leases().stream().filter(l -> l.node().equals("node3")).findFirst().orElseThrow();
        assertThat(acquire("node3").subnet()).as("a restarted agent keeps its subnet").isEqualTo(before.subnet());
        assertThat(subnets.leases()).hasSize(10);
        assertThat(before.backendData()).containsEntry("vtepMAC", "02:00:00:00:00:01");
    }

    @Test
    void expiredLeaseFreesTheSubnetAndThePreviousOneIsPreferred() throws Exception {
        init("10.244.0.0/16", 1);
        SubnetLease a = acquire("a");
        assertThat(subnets.renew(a)).isTrue();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!subnets.leases().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(subnets.leases()).as("lease expired, subnet free").isEmpty();
        assertThat(subnets.renew(a)).as("lease loss is reported").isFalse();
        SubnetLease again = subnets.acquire("a", IP, Map.of(), Optional.of(a.subnet()));
        assertThat(again.subnet()).isEqualTo(a.subnet());
    }

    @Test
    void reservationsGoOnlyToTheirNode() {
        ClusterConfig c = init("10.10.0.0/22", 3600);
        assertThat(c.subnetMin()).isEqualTo(Cidr.parse("10.10.1.0/24"));
        subnets.reserve(Cidr.parse("10.10.2.0/24"), "special");
        List<Cidr> others = new ArrayList<>(List.of(acquire("x").subnet(), acquire("y").subnet()));
        assertThat(others).containsExactlyInAnyOrder(Cidr.parse("10.10.1.0/24"), Cidr.parse("10.10.3.0/24"));
        assertThatThrownBy(() -> acquire("z")).isInstanceOf(ClusterException.class).hasMessageContaining("no free subnet");
        assertThat(acquire("special").subnet()).isEqualTo(Cidr.parse("10.10.2.0/24"));
    }

    @Test
    void releaseGivesTheSubnetBack() {
        init("10.10.0.0/23", 3600);
        SubnetLease only = acquire("x");
        assertThatThrownBy(() -> acquire("y")).isInstanceOf(ClusterException.class);
        subnets.release(only);
        assertThat(acquire("y").subnet()).isEqualTo(only.subnet());
    }

    @Test
    void concurrentNodesNeverShareASubnet() throws Exception {
        init("10.244.0.0/16", 3600);
        Map<String, Cidr> got = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String node = "n" + i;
            threads.add(Thread.ofPlatform().start(() -> {
                SubnetManager own = new SubnetManager(new EmbeddedDatastore(tmp.resolve("store.json")),
                        new java.util.Random(7)); // same seed: they all try the same candidate first
                got.put(node, own.acquire(node, IP, Map.of(), Optional.empty()).subnet());
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(got).hasSize(16);
        assertThat(new HashSet<>(got.values())).hasSize(16);
    }
}
