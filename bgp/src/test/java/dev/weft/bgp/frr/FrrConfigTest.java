package dev.weft.bgp.frr;

import dev.weft.bgp.Asn;
import dev.weft.bgp.testing.Golden;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrrConfigTest {
    @Test
    void torWithNeighborsListenRangesAndADefaultRoute() throws Exception {
        FrrConfig c = new FrrConfig("tor", IpAddress.parse("192.168.1.1"), new Asn(65000),
                List.of(new FrrConfig.Neighbor(IpAddress.parse("192.168.1.11"), new Asn(64512))),
                List.of(new FrrConfig.ListenRange(Cidr.parse("192.168.1.0/24"), new Asn(64512)),
                        new FrrConfig.ListenRange(Cidr.parse("192.168.2.0/24"), new Asn(64512))),
                List.of(Cidr.parse("0.0.0.0/0")), 3, 9, Optional.of(Path.of("/run/weft-lab/x/frr/frr.log")));
        Golden.check("frr-tor.conf", c.render());
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> new FrrConfig("bad name", IpAddress.parse("192.168.1.1"), new Asn(65000), List.of(), List.of(),
                List.of(), 3, 9, Optional.empty())).hasMessageStartingWith("hostname:");
        assertThatThrownBy(() -> new FrrConfig("tor", IpAddress.parse("fd00::1"), new Asn(65000), List.of(), List.of(),
                List.of(), 3, 9, Optional.empty())).hasMessageStartingWith("routerId:");
        assertThatThrownBy(() -> new FrrConfig("tor", IpAddress.parse("192.168.1.1"), new Asn(65000), List.of(), List.of(),
                List.of(), 9, 9, Optional.empty())).hasMessageStartingWith("timers:");
    }
}
