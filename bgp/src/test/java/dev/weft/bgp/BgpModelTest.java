package dev.weft.bgp;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input is refused by the records themselves, with the field in the message. */
class BgpModelTest {
    @Test
    void asNumbers() {
        assertThat(Asn.parse("64512", "as")).isEqualTo(new Asn(64512));
        assertThat(Asn.parse("4294967295", "as").value()).isEqualTo(Asn.MAX);
        assertThatThrownBy(() -> Asn.parse("0", "as")).hasMessage("as: must be 1..4294967295, got 0");
        assertThatThrownBy(() -> Asn.parse("4294967296", "as")).hasMessageStartingWith("as: must be 1..4294967295");
        assertThatThrownBy(() -> Asn.parse("-1", "as")).hasMessageStartingWith("as: not an AS number");
        assertThatThrownBy(() -> Asn.parse("65000.1", "as")).hasMessageStartingWith("as: not an AS number");
        assertThatThrownBy(() -> Asn.parse("9999999999", "as")).hasMessageStartingWith("as: must be");
        assertThatThrownBy(() -> Asn.parse("99999999999", "as")).hasMessageStartingWith("as: not an AS number");
        assertThatThrownBy(() -> new Asn(0)).hasMessageStartingWith("as:");
    }

    @Test
    void peersFromCommandLineText() {
        BgpPeer p = BgpPeer.parse("tor-1", "192.168.1.1", "65000", "node-a", List.of("0.0.0.0/0"));
        assertThat(p).isEqualTo(new BgpPeer("tor-1", IpAddress.parse("192.168.1.1"), new Asn(65000), Optional.of("node-a"),
                List.of(Cidr.parse("0.0.0.0/0"))));
        assertThat(p.appliesTo("node-a")).isTrue();
        assertThat(p.appliesTo("node-b")).isFalse();
        assertThat(p.isExternal(new Asn(64512))).isTrue();
        assertThat(BgpPeer.parse("rr", "10.0.0.1", "64512", null, null).node()).isEmpty();
        assertThatThrownBy(() -> BgpPeer.parse("tor", "192.168.1.300", "65000", null, List.of()))
                .hasMessage("peerIp: not an IP address: \"192.168.1.300\"");
        assertThatThrownBy(() -> BgpPeer.parse("tor", "tor.example", "65000", null, List.of())).hasMessageStartingWith("peerIp:");
        assertThatThrownBy(() -> BgpPeer.parse("tor", "0.0.0.0", "65000", null, List.of())).hasMessageStartingWith("peerIp:");
        assertThatThrownBy(() -> BgpPeer.parse("tor", "fd00::1", "65000", null, List.of())).hasMessageStartingWith("peerIp:");
        assertThatThrownBy(() -> BgpPeer.parse("tor", "192.168.1.1", "0", null, List.of())).hasMessageStartingWith("as:");
        assertThatThrownBy(() -> BgpPeer.parse("Tor_1", "192.168.1.1", "65000", null, List.of())).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> BgpPeer.parse("-tor", "192.168.1.1", "65000", null, List.of())).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> BgpPeer.parse("tor", "192.168.1.1", "65000", "a/b", List.of())).hasMessageStartingWith("node:");
        assertThatThrownBy(() -> BgpPeer.parse("tor", "192.168.1.1", "65000", null, List.of("10.0.0.1/8")))
                .hasMessageStartingWith("accept:");
    }

    @Test
    void timers() {
        assertThatThrownBy(() -> new BgpTimers(2, 1, 5, 120, 20)).hasMessageStartingWith("timers.hold:");
        assertThatThrownBy(() -> new BgpTimers(9, 9, 5, 120, 20)).hasMessageStartingWith("timers.keepalive:");
        assertThatThrownBy(() -> new BgpTimers(9, 3, 0, 120, 20)).hasMessageStartingWith("timers.connectRetry:");
        assertThatThrownBy(() -> new BgpTimers(9, 3, 5, 4096, 20)).hasMessageStartingWith("timers.gracefulRestart:");
        assertThatThrownBy(() -> new BgpTimers(9, 3, 5, 120, 0)).hasMessageStartingWith("timers.restartWait:");
        assertThat(new BgpTimers(0, 30, 5, 120, 20).hold()).as("no hold timer").isZero();
    }

    @Test
    void config() {
        BgpConfig c = BgpConfig.DEFAULT.withReflector("b", true).withReflector("a", true).withMesh(false);
        assertThat(c.reflectors()).containsExactly("a", "b");
        assertThat(c.isReflector("a")).isTrue();
        assertThat(c.withReflector("a", false).reflectors()).containsExactly("b");
        assertThatThrownBy(() -> BgpConfig.DEFAULT.withReflectorClusterId(Optional.of(IpAddress.parse("fd00::1"))))
                .hasMessageStartingWith("reflectorClusterId:");
        assertThatThrownBy(() -> new BgpConfig(Asn.DEFAULT, true, Set.of(" "), Optional.empty(), BgpTimers.DEFAULT))
                .hasMessageStartingWith("reflectors:");
    }

    @Test
    void jsonRoundTrips() {
        BgpConfig c = BgpConfig.DEFAULT.withReflector("n1", true).withMesh(false)
                .withReflectorClusterId(Optional.of(IpAddress.parse("244.0.0.1"))).withTimers(new BgpTimers(30, 10, 7, 200, 40));
        assertThat(BgpJson.config(BgpJson.config(c), "k")).isEqualTo(c);
        BgpPeer p = BgpPeer.parse("tor", "192.168.1.1", "65000", "n1", List.of("0.0.0.0/0"));
        assertThat(BgpJson.peer(BgpJson.peer(p), "k")).isEqualTo(p);
        assertThat(BgpJson.config("{\"as\":65001}".getBytes(), "k")).as("defaults for what is missing")
                .isEqualTo(BgpConfig.DEFAULT.withAsn(new Asn(65001)));
        assertThatThrownBy(() -> BgpJson.config("{\"as\":0}".getBytes(), "/weft/bgp/config"))
                .isInstanceOf(BgpException.class).hasMessageStartingWith("/weft/bgp/config: as:");
        assertThatThrownBy(() -> BgpJson.peer("[1]".getBytes(), "/weft/bgp/peers/x")).isInstanceOf(BgpException.class);
        assertThatThrownBy(() -> BgpJson.peer("{nope".getBytes(), "/weft/bgp/peers/x")).isInstanceOf(BgpException.class)
                .hasMessageStartingWith("/weft/bgp/peers/x: not JSON");
    }
}
