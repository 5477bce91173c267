package dev.weft.node.backend;

import dev.weft.overlay.udp.datapath.DatapathKind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdpBackendOptionsTest {
    @Test
    void defaultsAreFlannelsPortAndTheBestDatapath_andOnlyWhatDiffersIsStored() {
        UdpBackendOptions none = UdpBackendOptions.of(Map.of());
        assertThat(none).isEqualTo(new UdpBackendOptions(8285, Optional.empty()));
        assertThat(none.toMap()).isEmpty();
        UdpBackendOptions set = UdpBackendOptions.of(Map.of("port", "9000", "udpDatapath", "simple"));
        assertThat(set).isEqualTo(new UdpBackendOptions(9000, Optional.of(DatapathKind.SIMPLE)));
        assertThat(UdpBackendOptions.of(set.toMap())).isEqualTo(set);
    }

    @Test
    void badOptionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> UdpBackendOptions.of(Map.of("port", "http"))).hasMessage("backendOptions.port \"http\" is not a number");
        assertThatThrownBy(() -> UdpBackendOptions.of(Map.of("port", "0"))).hasMessage("backendOptions.port 0 is not in 1..65535");
        assertThatThrownBy(() -> UdpBackendOptions.of(Map.of("udpDatapath", "fast")))
                .hasMessage("udp datapath \"fast\" is not one of simple, batched, offload");
        assertThatThrownBy(() -> UdpBackendOptions.of(Map.of("vni", "1")))
                .hasMessage("backendOptions.vni is not an option of the udp backend (it has port, udpDatapath)");
    }

    @Test
    void theUdpBackendIsFoundByName() {
        assertThat(Backends.named("udp")).isInstanceOf(UdpBackendFactory.class);
    }
}
