package dev.weft.cluster;

import dev.weft.net.Cidr;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendOptionsTest {
    @Test
    void backendOptionsSurviveTheStoredJson() {
        ClusterConfig c = ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "udp")
                .withBackendOptions(Map.of("port", "8286", "udpDatapath", "batched"));
        assertThat(ClusterConfig.fromJson(c.toJson())).isEqualTo(c);
        assertThat(new String(c.toJson(), StandardCharsets.UTF_8)).contains("\"backendOptions\":{\"port\":\"8286\",\"udpDatapath\":\"batched\"}");
    }

    @Test
    void aConfigWithoutOptionsReadsAsNoneAndWritesNone() {
        ClusterConfig c = ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "vxlan");
        assertThat(new String(c.toJson(), StandardCharsets.UTF_8)).doesNotContain("backendOptions");
        assertThat(ClusterConfig.fromJson(c.toJson()).backendOptions()).isEmpty();
    }

    @Test
    void optionsThatAreNotValuesAreRefusedNamingTheField() {
        byte[] bad = """
                {"network":"10.244.0.0/16","backend":"udp","backendOptions":{"port":[1]}}""".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ClusterConfig.fromJson(bad)).hasMessage("backendOptions.port must be a string or a number");
    }
}
