package dev.weft.node.metrics;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --metrics-address: the default socket under the run dir, literal loopback addresses, errors that name the option. */
class MetricsEndpointTest {
    @Test
    void defaultsToASocketUnderTheRunDir() {
        assertThat(MetricsEndpoint.of("", Path.of("/run/weft"))).isEqualTo(new MetricsEndpoint.Unix(Path.of("/run/weft/metrics.sock")));
        assertThat(MetricsEndpoint.parse("unix:/tmp/m.sock")).isEqualTo(new MetricsEndpoint.Unix(Path.of("/tmp/m.sock")));
    }

    @Test
    void takesLiteralAddressesAndSaysWhenEveryInterfaceWasAsked() {
        MetricsEndpoint.Tcp v4 = (MetricsEndpoint.Tcp) MetricsEndpoint.parse("127.0.0.1:9647");
        assertThat(v4.toString()).isEqualTo("127.0.0.1:9647");
        assertThat(v4.wildcard()).isFalse();
        MetricsEndpoint.Tcp v6 = (MetricsEndpoint.Tcp) MetricsEndpoint.parse("[::1]:9647");
        assertThat(v6.address().isLoopbackAddress()).isTrue();
        assertThat(((MetricsEndpoint.Tcp) MetricsEndpoint.parse("0.0.0.0:9647")).wildcard()).isTrue();
    }

    @Test
    void badAddressesAreRefusedNamingTheOption() {
        for (String bad : new String[] {"localhost:9647", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000", "::1:9647", " "}) {
            assertThatThrownBy(() -> MetricsEndpoint.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--metrics-address");
        }
    }
}
