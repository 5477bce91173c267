package dev.weft.dhcp.packet;

import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real packets: dnsmasq 2.90's OFFER and ACK and udhcpc's DISCOVER and REQUEST (see {@link Golden}). */
class DhcpCodecGoldenTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:d4:cf");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.1");

    @ParameterizedTest
    @ValueSource(strings = {"dnsmasq-discover", "dnsmasq-offer", "dnsmasq-request", "dnsmasq-ack", "dnsmasq-nak"})
    void reEncodingAGoldenPacketGivesTheSameBytes(String name) {
        assertThat(DhcpCodec.encode(Golden.packet(name))).isEqualTo(Golden.bytes(name));
    }

    @Test
    void udhcpcDiscover() {
        DhcpPacket p = Golden.packet("dnsmasq-discover");
        assertThat(p.op()).isEqualTo(Op.BOOTREQUEST);
        assertThat(p.messageType()).contains(MessageType.DISCOVER);
        assertThat(p.broadcast()).isTrue();
        assertThat(p.mac()).contains(MAC);
        assertThat(p.xid()).isEqualTo(0x218b0c72);
        assertThat(p.options().clientId()).contains(Octets.ofHex("0077656674"));
        assertThat(p.options().hostName()).contains("ctr");
        assertThat(p.options().maxMessageSize()).contains(576);
        assertThat(p.options().parameterRequestList()).containsExactly(1, 3, 6, 12, 15, 28, 42, 121);
        assertThat(p.options().get(OptionCode.VENDOR_CLASS).map(Octets::asText)).contains("udhcp 1.35.0");
    }

    @Test
    void dnsmasqOffer() {
        DhcpPacket p = Golden.packet("dnsmasq-offer");
        assertThat(p.op()).isEqualTo(Op.BOOTREPLY);
        assertThat(p.messageType()).contains(MessageType.OFFER);
        assertThat(p.xid()).isEqualTo(0x218b0c72);
        assertThat(p.yiaddr()).isEqualTo(IpAddress.parse("192.0.2.57"));
        assertThat(p.siaddr()).isEqualTo(SERVER);
        assertThat(p.mac()).contains(MAC);
        assertLeaseOptions(p.options());
    }

    @Test
    void udhcpcRequestSelectsTheOffer() {
        DhcpPacket p = Golden.packet("dnsmasq-request");
        assertThat(p.messageType()).contains(MessageType.REQUEST);
        assertThat(p.ciaddr()).isEqualTo(DhcpPacket.ZERO);
        assertThat(p.options().requestedAddress()).contains(IpAddress.parse("192.0.2.57"));
        assertThat(p.options().serverId()).contains(SERVER);
    }

    @Test
    void dnsmasqAck() {
        DhcpPacket p = Golden.packet("dnsmasq-ack");
        assertThat(p.messageType()).contains(MessageType.ACK);
        assertThat(p.secs()).isEqualTo(3);
        assertThat(p.yiaddr()).isEqualTo(IpAddress.parse("192.0.2.57"));
        assertThat(p.options().hostName()).contains("ctr");
        assertLeaseOptions(p.options());
    }

    @Test
    void dnsmasqNak() {
        DhcpPacket p = Golden.packet("dnsmasq-nak");
        assertThat(p.messageType()).contains(MessageType.NAK);
        assertThat(p.xid()).isEqualTo(0x0a0b0c0d);
        assertThat(p.yiaddr()).isEqualTo(DhcpPacket.ZERO);
        assertThat(p.broadcast()).isTrue();
        assertThat(p.options().serverId()).contains(SERVER);
        assertThat(p.options().message()).contains("wrong network");
        assertThat(p.options().codes()).containsExactly(OptionCode.MESSAGE_TYPE, OptionCode.SERVER_ID, OptionCode.MESSAGE);
    }

    private static void assertLeaseOptions(Options o) {
        assertThat(o.serverId()).contains(SERVER);
        assertThat(o.leaseTime()).contains(Duration.ofMinutes(2));
        assertThat(o.renewalTime()).contains(Duration.ofSeconds(60));
        assertThat(o.rebindingTime()).contains(Duration.ofSeconds(105));
        assertThat(o.subnetPrefix()).contains(24);
        assertThat(o.routers()).containsExactly(SERVER);
        assertThat(o.dnsServers()).containsExactly(IpAddress.parse("192.0.2.53"), IpAddress.parse("192.0.2.54"));
        assertThat(o.domainName()).contains("weft.test");
        // 10.10.0.5 has bits beyond its class A mask, so option 33 can only mean the host itself.
        assertThat(o.staticRoutes()).containsExactly(Route.of(Cidr.parse("10.10.0.5/32"), SERVER));
        assertThat(o.classlessRoutes()).contains(List.of(
                Route.of(Cidr.parse("10.20.0.0/16"), SERVER), Route.of(Cidr.parse("0.0.0.0/0"), SERVER)));
        assertThat(o.get(28)).contains(Octets.ofHex("c00002ff")); // broadcast address, kept raw
    }
}
