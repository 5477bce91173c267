package dev.weft.bgp.speaker;

import dev.weft.bgp.BgpSettings;
import dev.weft.bgp.bird.BirdInput;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.bgp.BgpStore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NodeInputsTest {
    @TempDir
    Path tmp;

    @Test
    void theLeasesAreTheNodes() {
        try (EmbeddedDatastore store = new EmbeddedDatastore(tmp.resolve("s.json"))) {
            SubnetManager subnets = new SubnetManager(store);
            subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "bgp"));
            BgpStore bgp = new BgpStore(store);
            assertThat(NodeInputs.read(subnets, bgp, "n1")).as("no lease yet").isEmpty();
            subnets.reserve(Cidr.parse("10.244.1.0/24"), "n1");
            subnets.acquire("n1", IpAddress.parse("192.0.2.11"), Map.of(), Optional.empty());
            subnets.acquire("n2", IpAddress.parse("192.0.2.12"), Map.of(), Optional.empty());
            BirdInput in = NodeInputs.read(subnets, bgp, "n1").orElseThrow();
            assertThat(in.self().subnet()).isEqualTo(Cidr.parse("10.244.1.0/24"));
            assertThat(in.self().address()).isEqualTo(IpAddress.parse("192.0.2.11"));
            assertThat(in.others()).extracting(n -> n.name()).containsExactly("n2");
            assertThat(in.clusterNetwork()).isEqualTo(Cidr.parse("10.244.0.0/16"));
            assertThat(in.subnetLength()).isEqualTo(24);
            assertThat(in.settings()).isEqualTo(BgpSettings.DEFAULT);
        }
    }
}
