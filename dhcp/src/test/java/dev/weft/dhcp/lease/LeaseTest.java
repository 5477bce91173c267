package dev.weft.dhcp.lease;

import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.Route;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Octets;
import dev.weft.dhcp.packet.Options;
import dev.weft.dhcp.packet.Op;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseTest {
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.1");
    private static final IpAddress YIADDR = IpAddress.parse("192.0.2.57");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static DhcpPacket ack(Options.Builder options) {
        return new DhcpPacket(Op.BOOTREPLY, 1, 0, 1, 0, 0, null, YIADDR, null, null, Octets.ofHex("020000000001"),
                null, null, options.messageType(MessageType.ACK).build());
    }

    private static Options.Builder base() {
        return Options.builder().address(OptionCode.SERVER_ID, SERVER).seconds(OptionCode.LEASE_TIME, Duration.ofHours(1))
                .subnetPrefix(24).addresses(OptionCode.ROUTER, List.of(SERVER))
                .put(OptionCode.STATIC_ROUTES, Octets.ofHex("0a0a0005c0000202"));
    }

    @Test
    void routerAndStaticRoutesWithoutOption121() {
        Lease l = Lease.fromAck(ack(base()), T, null);
        assertThat(l.gateway()).isEqualTo(SERVER);
        assertThat(l.routes()).containsExactly(
                Route.of(Cidr.parse("10.10.0.5/32"), IpAddress.parse("192.0.2.2")),
                Route.of(Cidr.parse("0.0.0.0/0"), SERVER));
    }

    @Test
    void option121OverridesRouterAndStaticRoutes() {
        Lease l = Lease.fromAck(ack(base().put(OptionCode.CLASSLESS_ROUTES,
                Octets.ofHex("100a14c0000203" + "00c0000204"))), T, null);
        assertThat(l.routes()).containsExactly(
                Route.of(Cidr.parse("10.20.0.0/16"), IpAddress.parse("192.0.2.3")),
                Route.of(Cidr.parse("0.0.0.0/0"), IpAddress.parse("192.0.2.4")));
        assertThat(l.gateway()).isEqualTo(IpAddress.parse("192.0.2.4"));

        Lease noDefault = Lease.fromAck(ack(base().put(OptionCode.CLASSLESS_ROUTES, Octets.ofHex("100a14c0000203"))), T, null);
        assertThat(noDefault.gateway()).isNull();
        assertThat(noDefault.routes()).hasSize(1);
    }

    @Test
    void timesDefaultToHalfAndSevenEighths() {
        Lease l = Lease.fromAck(ack(base()), T, null);
        assertThat(l.renewAt()).isEqualTo(T.plus(Duration.ofMinutes(30)));
        assertThat(l.rebindAt()).isEqualTo(T.plus(Duration.ofSeconds(3150)));
        assertThat(l.expiresAt()).isEqualTo(T.plus(Duration.ofHours(1)));
        assertThat(l.expired(T.plus(Duration.ofHours(1)))).isTrue();
        assertThat(l.expired(T.plus(Duration.ofMinutes(59)))).isFalse();
    }

    @Test
    void serverTimesAreUsedWhenInOrderAndReplacedWhenNot() {
        Lease given = Lease.fromAck(ack(base().seconds(58, Duration.ofSeconds(100)).seconds(59, Duration.ofSeconds(200))), T, null);
        assertThat(given.renewalTime()).isEqualTo(Duration.ofSeconds(100));
        assertThat(given.rebindingTime()).isEqualTo(Duration.ofSeconds(200));
        Lease t2TooLate = Lease.fromAck(ack(base().seconds(59, Duration.ofHours(2))), T, null);
        assertThat(t2TooLate.rebindingTime()).isEqualTo(Duration.ofSeconds(3150));
        Lease t1AfterT2 = Lease.fromAck(ack(base().seconds(58, Duration.ofSeconds(300)).seconds(59, Duration.ofSeconds(200))), T, null);
        assertThat(t1AfterT2.renewalTime()).isEqualTo(Duration.ofMinutes(30).compareTo(Duration.ofSeconds(200)) > 0
                ? Duration.ofSeconds(200) : Duration.ofMinutes(30));
    }

    @Test
    void whatTheAckLacksIsNamed() {
        assertThatThrownBy(() -> Lease.fromAck(ack(base().remove(OptionCode.LEASE_TIME)), T, null))
                .hasMessage("the ACK for 192.0.2.57 has no lease time (option 51)");
        assertThatThrownBy(() -> Lease.fromAck(ack(base().remove(OptionCode.SERVER_ID)), T, null))
                .hasMessage("the ACK for 192.0.2.57 names no server (option 54)");
        assertThat(Lease.fromAck(ack(base().remove(OptionCode.SERVER_ID)), T, SERVER).serverId()).isEqualTo(SERVER);
    }

    @Test
    void ipamResult() {
        Lease l = Lease.fromAck(ack(base().addresses(OptionCode.DNS_SERVERS, List.of(IpAddress.parse("192.0.2.53")))
                .text(OptionCode.DOMAIN_NAME, "weft.test")), T, null);
        Result r = l.toResult(CniVersion.V1_0_0);
        assertThat(r.ips()).singleElement().satisfies(ip -> {
            assertThat(ip.address()).isEqualTo(new InterfaceAddress(YIADDR, 24));
            assertThat(ip.gateway()).isEqualTo(SERVER);
            assertThat(ip.interfaceIndex()).isNull();
        });
        assertThat(r.routes()).hasSize(2);
        assertThat(r.dns().nameservers()).containsExactly("192.0.2.53");
        assertThat(r.dns().domain()).isEqualTo("weft.test");
        assertThat(r.interfaces()).isEmpty();
    }

    @Test
    void timesOutOfOrderAreRefused() {
        assertThatThrownBy(() -> new Lease(new InterfaceAddress(YIADDR, 24), null, null, null, null, SERVER, T,
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5)))
                .hasMessageStartingWith("lease times must satisfy");
    }
}
