package dev.weft.dhcp.packet;

import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClasslessRoutesTest {
    private static final IpAddress GW = IpAddress.parse("10.0.0.1");

    /** The examples of RFC 3442 section 3: the width decides how many destination octets follow. */
    @Test
    void compactEncodingOfTheRfcExamples() {
        List<Route> routes = List.of(
                Route.of(Cidr.parse("0.0.0.0/0"), GW),
                Route.of(Cidr.parse("10.0.0.0/8"), GW),
                Route.of(Cidr.parse("10.17.0.0/16"), GW),
                Route.of(Cidr.parse("10.27.129.0/24"), GW),
                Route.of(Cidr.parse("10.229.0.128/25"), GW),
                Route.of(Cidr.parse("10.198.122.47/32"), GW));
        Octets encoded = ClasslessRoutes.encode(routes);
        assertThat(encoded.toHex()).isEqualTo(
                "00" + "0a000001"
                        + "080a" + "0a000001"
                        + "100a11" + "0a000001"
                        + "180a1b81" + "0a000001"
                        + "190ae50080" + "0a000001"
                        + "200ac67a2f" + "0a000001");
        assertThat(ClasslessRoutes.decode(encoded)).isEqualTo(routes);
    }

    @Test
    void routerZeroMeansOnLink() {
        Octets v = Octets.ofHex("18c0a801" + "00000000");
        assertThat(ClasslessRoutes.decode(v)).containsExactly(Route.of(Cidr.parse("192.168.1.0/24"), null));
        assertThat(ClasslessRoutes.encode(ClasslessRoutes.decode(v))).isEqualTo(v);
    }

    @Test
    void malformedEntriesAreNamed() {
        assertThatThrownBy(() -> ClasslessRoutes.decode(Octets.ofHex("21" + "0a000001" + "00" + "0a000001")))
                .hasMessageContaining("prefix width 33");
        assertThatThrownBy(() -> ClasslessRoutes.decode(Octets.ofHex("180a0000" + "0a00")))
                .hasMessageContaining("needs 8 bytes, 6 left");
        assertThatThrownBy(() -> ClasslessRoutes.decode(Octets.ofHex("080a" + "0a000001" + "10" + "0a01")))
                .hasMessageContaining("route 2");
        assertThatThrownBy(() -> ClasslessRoutes.decode(Octets.ofHex("0f0a03" + "0a000001")))
                .hasMessageContaining("10.3.0.0/15 has host bits set");
    }

    @Test
    void optionWithABadRouteIsRefusedByTheBuilderAndTheDecoder() {
        assertThatThrownBy(() -> Options.builder().put(121, Octets.ofHex("21000000000000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("option 121 (classless static routes) is malformed: route 1");
    }
}
