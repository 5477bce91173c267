package dev.weft.cluster;

import dev.weft.net.Cidr;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored configuration: the macvlan backend's pool round-trips; a configuration without one reads as none. */
class ClusterConfigTest {
    @Test
    void thePoolRoundTripsAndIsAbsentByDefault() {
        ClusterConfig mv = ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "macvlan").withPool("lab");
        assertThat(ClusterConfig.fromJson(mv.toJson())).isEqualTo(mv);
        assertThat(ClusterConfig.fromJson(mv.toJson()).pool()).hasValue("lab");
        ClusterConfig old = ClusterConfig.fromJson("{\"network\": \"10.244.0.0/16\", \"backend\": \"vxlan\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(old.pool()).isEmpty();
        assertThat(new String(old.toJson(), StandardCharsets.UTF_8)).doesNotContain("pool");
        assertThatThrownBy(() -> mv.withPool(" ")).hasMessageContaining("pool");
    }
}
