package dev.weft.overlay.udp;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.datapath.DatapathKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdpOverlayConfigTest {
    static UdpOverlayConfig config(String subnet, String gateway, String cluster, int mtu, Optional<DatapathKind> kind, int queues) {
        return new UdpOverlayConfig(InterfaceName.of("weft.udp"), Cidr.parse(subnet), IpAddress.parse(gateway), Cidr.parse(cluster),
                IpAddress.parse("192.0.2.11"), 8285, mtu, kind, queues, Path.of("/run/weft/udp/peers"), Path.of("/run/weft/udp/status"));
    }

    @Test
    void theCommandLineParsesBackToTheSameConfiguration() {
        UdpOverlayConfig c = config("10.244.1.0/24", "10.244.1.1", "10.244.0.0/16", 0, Optional.of(DatapathKind.BATCHED), 2);
        assertThat(UdpOverlayArgs.parse(c.toArgs())).isEqualTo(c);
        UdpOverlayConfig auto = config("10.244.1.0/24", "10.244.1.0", "10.244.0.0/16", 1400, Optional.empty(), 0);
        assertThat(UdpOverlayArgs.parse(auto.toArgs())).isEqualTo(auto);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> config("10.244.1.0/24", "10.244.2.1", "10.244.0.0/16", 0, Optional.empty(), 0))
                .hasMessage("gateway 10.244.2.1 is not in subnet 10.244.1.0/24");
        assertThatThrownBy(() -> config("10.245.1.0/24", "10.245.1.1", "10.244.0.0/16", 0, Optional.empty(), 0))
                .hasMessage("subnet 10.245.1.0/24 is not in cluster network 10.244.0.0/16");
        assertThatThrownBy(() -> config("10.244.1.0/24", "10.244.1.1", "10.244.0.0/16", 100, Optional.empty(), 0))
                .hasMessageStartingWith("mtu 100");
        assertThatThrownBy(() -> config("10.244.1.0/24", "10.244.1.1", "10.244.0.0/16", 0, Optional.of(DatapathKind.SIMPLE), 2))
                .hasMessageContaining("simple datapath serves one queue");
        assertThatThrownBy(() -> DatapathKind.parse("fast")).hasMessage("udp datapath \"fast\" is not one of simple, batched, offload");
    }

    @Test
    void mainRefusesBadOptionsWithExitTwoAndChangesNothing() throws Exception {
        int rc = UdpOverlayMain.run(List.of("--subnet", "10.244.1.0/24", "--gateway", "10.244.9.1", "--cluster", "10.244.0.0/16",
                "--uplink", "192.0.2.11", "--peers", "/nonexistent/peers"));
        assertThat(rc).isEqualTo(2);
        List<String> valid = List.of("--subnet", "10.244.1.0/24", "--gateway", "10.244.1.1", "--cluster", "10.244.0.0/16",
                "--uplink", "192.0.2.11", "--peers", "/run/weft/udp/peers");
        assertThat(UdpOverlayArgs.parse(valid).port()).isEqualTo(8285);
        assertThatThrownBy(() -> UdpOverlayArgs.parse(java.util.stream.Stream.concat(valid.stream(), java.util.stream.Stream.of("--port", "x")).toList()))
                .hasMessage("--port \"x\" is not a number");
        assertThatThrownBy(() -> UdpOverlayArgs.parse(valid.subList(2, valid.size()))).hasMessage("missing --subnet");
        assertThatThrownBy(() -> UdpOverlayArgs.parse(List.of("--bogus", "1"))).hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> UdpOverlayArgs.parse(List.of("--subnet"))).hasMessage("missing value for --subnet");
    }
}
