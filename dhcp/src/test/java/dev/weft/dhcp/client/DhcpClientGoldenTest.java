package dev.weft.dhcp.client;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.DhcpCodec;
import dev.weft.dhcp.packet.DhcpDecodeException;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.Golden;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The client driven by dnsmasq's real OFFER, ACK and NAK (their xid set to the client's). */
class DhcpClientGoldenTest {
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.1");
    private final ClientHarness h = new ClientHarness();

    private DhcpPacket golden(String name) throws DhcpDecodeException {
        byte[] b = Golden.bytes(name);
        int xid = h.lastSent().xid();
        b[4] = (byte) (xid >>> 24);
        b[5] = (byte) (xid >>> 16);
        b[6] = (byte) (xid >>> 8);
        b[7] = (byte) xid;
        return DhcpCodec.decode(b);
    }

    @Test
    void dnsmasqsOfferAndAckMakeALeaseWhoseRoutesComeFromOption121() throws Exception {
        h.client.start(null);
        h.client.onPacket(golden("dnsmasq-offer"));
        assertThat(h.client.state()).isEqualTo(ClientState.REQUESTING);
        assertThat(h.lastSent().options().requestedAddress()).contains(IpAddress.parse("192.0.2.57"));
        h.client.onPacket(golden("dnsmasq-ack"));
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
        Lease lease = h.bound.getLast();
        assertThat(lease.address()).isEqualTo(InterfaceAddress.parse("192.0.2.57/24"));
        // dnsmasq sent options 3, 33 and 121: 121 wins (RFC 3442), its default route gives the gateway.
        assertThat(lease.routes()).containsExactly(Route.of(Cidr.parse("10.20.0.0/16"), SERVER),
                Route.of(Cidr.parse("0.0.0.0/0"), SERVER));
        assertThat(lease.gateway()).isEqualTo(SERVER);
        assertThat(lease.dnsServers()).containsExactly(IpAddress.parse("192.0.2.53"), IpAddress.parse("192.0.2.54"));
        assertThat(lease.domain()).isEqualTo("weft.test");
        assertThat(lease.renewalTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(lease.rebindingTime()).isEqualTo(Duration.ofSeconds(105));
    }

    @Test
    void dnsmasqsNakToAnInitRebootLosesTheRememberedLease() throws Exception {
        Lease remembered = new Lease(InterfaceAddress.parse("10.9.9.9/24"), null, null, null, null, SERVER,
                h.clock.instant(), Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(105));
        h.client.resume(remembered);
        h.client.onPacket(golden("dnsmasq-nak"));
        assertThat(h.lost).containsExactly("a NAK from 192.0.2.1 (\"wrong network\")");
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
    }
}
