package dev.weft.dhcp.client;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Octets;
import dev.weft.dhcp.packet.Op;
import dev.weft.dhcp.packet.Options;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.weft.dhcp.client.FakeServer.ADDRESS;
import static dev.weft.dhcp.client.FakeServer.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** INIT → SELECTING → REQUESTING → BOUND, and what goes wrong on the way. */
class DhcpClientAcquireTest {
    private final ClientHarness h = new ClientHarness();

    @Test
    void discoverOfferRequestAck() {
        h.client.start(null);
        FakeTransport.Sent discover = h.transport.last();
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(discover.type()).isEqualTo(MessageType.DISCOVER);
        assertThat(discover.to()).isEqualTo(Transport.BROADCAST);
        assertThat(discover.packet().broadcast()).isTrue();
        assertThat(discover.packet().mac()).contains(ClientHarness.MAC);
        assertThat(discover.packet().options().clientId()).contains(ClientHarness.CLIENT_ID);
        assertThat(discover.packet().options().parameterRequestList()).containsExactly(1, 3, 6, 15, 33, 121);

        h.client.onPacket(h.server.offer(discover.packet()));
        FakeTransport.Sent request = h.transport.last();
        assertThat(h.client.state()).isEqualTo(ClientState.REQUESTING);
        assertThat(request.type()).isEqualTo(MessageType.REQUEST);
        assertThat(request.to()).isEqualTo(Transport.BROADCAST);
        assertThat(request.packet().xid()).isEqualTo(discover.packet().xid());
        assertThat(request.packet().ciaddr()).isEqualTo(DhcpPacket.ZERO);
        assertThat(request.packet().options().requestedAddress()).contains(ADDRESS);
        assertThat(request.packet().options().serverId()).contains(SERVER);

        h.clock.advance(Duration.ofMillis(300));
        h.client.onPacket(h.server.ack(request.packet()));
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
        Lease lease = h.bound.getLast();
        assertThat(lease.address()).isEqualTo(new InterfaceAddress(ADDRESS, 24));
        assertThat(lease.gateway()).isEqualTo(SERVER);
        assertThat(lease.routes()).containsExactly(Route.of(Cidr.parse("0.0.0.0/0"), SERVER));
        assertThat(lease.dnsServers()).containsExactly(IpAddress.parse("192.0.2.53"));
        assertThat(lease.domain()).isEqualTo("weft.test");
        assertThat(lease.boundAt()).isEqualTo(h.t0); // when the REQUEST went out, not when the ACK came
        assertThat(h.client.timerAt()).contains(h.t0.plus(Duration.ofMinutes(1)));
        assertThat(h.timer.pending).isEqualTo(h.t0.plus(Duration.ofMinutes(1)));
        assertThat(h.transport.sent).hasSize(2);
    }

    @Test
    void repliesThatAreNotForThisExchangeAreIgnored() {
        h.client.start(null);
        DhcpPacket discover = h.lastSent();
        DhcpPacket offer = h.server.offer(discover);
        h.client.onPacket(new DhcpPacket(Op.BOOTREPLY, 1, 0, discover.xid() + 1, 0, 0, null, ADDRESS, null, null,
                discover.chaddr(), null, null, offer.options()));                          // other xid
        h.client.onPacket(new DhcpPacket(Op.BOOTREPLY, 1, 0, discover.xid(), 0, 0, null, ADDRESS, null, null,
                Octets.ofHex("020000000001"), null, null, offer.options()));                // other chaddr
        h.client.onPacket(new DhcpPacket(Op.BOOTREQUEST, 1, 0, discover.xid(), 0, 0, null, ADDRESS, null, null,
                discover.chaddr(), null, null, offer.options()));                          // a request
        h.client.onPacket(h.server.ack(discover));                                          // ACK while selecting
        h.client.onPacket(offer.withOptions(Options.NONE));                                 // no message type
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.client.ignoredPackets()).isEqualTo(5);

        h.client.onPacket(offer);
        DhcpPacket request = h.lastSent();
        h.server.server = IpAddress.parse("192.0.2.2");
        h.client.onPacket(h.server.ack(request));                                           // another server's ACK
        h.client.onPacket(h.server.offer(request));                                         // a late OFFER
        assertThat(h.client.state()).isEqualTo(ClientState.REQUESTING);
        assertThat(h.client.ignoredPackets()).isEqualTo(7);

        h.server.server = SERVER;
        h.client.onPacket(h.server.ack(request));
        h.client.onPacket(h.server.ack(request));                                           // duplicate ACK
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
        assertThat(h.bound).hasSize(1);
        assertThat(h.client.ignoredPackets()).isEqualTo(8);
    }

    @Test
    void anOfferWithoutServerIdentifierIsNotTaken() {
        h.client.start(null);
        DhcpPacket discover = h.lastSent();
        h.client.onPacket(h.server.offer(discover).withOptions(
                h.server.leaseOptions(MessageType.OFFER).remove(OptionCode.SERVER_ID).build()));
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        h.fire();
        h.fire();
        assertThat(h.failed.getFirst().getMessage()).endsWith("last problem: an OFFER without server identifier (option 54)");
    }

    @Test
    void retransmitsWith4Then8SecondsAndFailsAtTheTimeout() {
        h.client.start(null);
        int xid = h.lastSent().xid();
        h.fire();
        Duration first = Duration.between(h.t0, h.clock.instant());
        assertThat(first).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
        assertThat(h.transport.count(MessageType.DISCOVER)).isEqualTo(2);
        assertThat(h.lastSent().xid()).isEqualTo(xid);
        assertThat(h.lastSent().secs()).isEqualTo((int) first.toSeconds());
        // 8 ± 1 s later would be past the 10 s timeout: the timer is cut at the deadline.
        assertThat(h.timer.pending).isEqualTo(h.t0.plusSeconds(10));
        h.fire();
        assertThat(h.client.state()).isEqualTo(ClientState.FAILED);
        assertThat(h.timer.pending).isNull();
        assertThat(h.failed).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(DhcpException.Reason.TIMEOUT);
            assertThat(e.getMessage()).isEqualTo(
                    "no DHCP lease within 10 s for 02:00:00:00:d4:cf: 2 DISCOVER sent, 0 OFFER received");
        });
        assertThat(h.transport.sent).hasSize(2);
    }

    /** An executor rounds delays to whole milliseconds: the deadline's timer may run a moment before the deadline. */
    @Test
    void aTimerArmedAtTheDeadlineThatRunsEarlyStillEndsTheWait() {
        ClientHarness h = new ClientHarness(Duration.ofSeconds(2));
        h.client.start(null);
        assertThat(h.timer.pending).as("4 ± 1 s is past the 2 s timeout").isEqualTo(h.t0.plusSeconds(2));
        h.clock.set(h.timer.pending.minusNanos(400_000));
        h.client.onTimer();
        assertThat(h.client.state()).isEqualTo(ClientState.FAILED);
        assertThat(h.transport.count(MessageType.DISCOVER)).as("no second DISCOVER").isEqualTo(1);
        assertThat(h.failed).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("1 DISCOVER sent"));
    }

    @Test
    void backoffDoublesUpTo64Seconds() {
        ClientHarness slow = new ClientHarness(Duration.ofMinutes(10));
        slow.client.start(null);
        List<Long> expected = List.of(4L, 8L, 16L, 32L, 64L, 64L);
        for (long base : expected) {
            java.time.Instant before = slow.clock.instant();
            slow.fire();
            assertThat(Duration.between(before, slow.clock.instant()))
                    .isBetween(Duration.ofSeconds(base - 1), Duration.ofSeconds(base + 1));
        }
        assertThat(slow.transport.count(MessageType.DISCOVER)).isEqualTo(7);
    }

    @Test
    void aNakRestartsAtOnceThenAfterTheBackoff() {
        h.client.start(null);
        h.client.onPacket(h.server.offer(h.lastSent()));
        int firstXid = h.lastSent().xid();
        h.client.onPacket(h.server.nak(h.lastSent(), "address in use"));
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.lastSent().messageType()).contains(MessageType.DISCOVER);
        assertThat(h.lastSent().xid()).isNotEqualTo(firstXid);

        h.client.onPacket(h.server.offer(h.lastSent()));
        h.client.onPacket(h.server.nak(h.lastSent(), "address in use"));
        assertThat(h.client.state()).isEqualTo(ClientState.INIT);
        assertThat(Duration.between(h.clock.instant(), h.timer.pending))
                .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
        h.fire();
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.transport.count(MessageType.DISCOVER)).isEqualTo(3);
        while (h.failed.isEmpty()) {
            h.fire();
        }
        assertThat(h.clock.instant()).isEqualTo(h.t0.plusSeconds(10));
        assertThat(h.failed).singleElement().extracting(Throwable::getMessage).asString()
                .endsWith("2 OFFER received; last problem: a NAK from 192.0.2.1 (\"address in use\")");
        assertThat(h.bound).isEmpty();
        assertThat(h.lost).isEmpty();
    }

    @Test
    void noAckAfterFourRequestsStartsOver() {
        ClientHarness slow = new ClientHarness(Duration.ofMinutes(10));
        slow.client.start(null);
        slow.client.onPacket(slow.server.offer(slow.lastSent()));
        for (int i = 0; i < DhcpClient.REQUEST_ATTEMPTS - 1; i++) {
            slow.fire();
        }
        assertThat(slow.transport.count(MessageType.REQUEST)).isEqualTo(DhcpClient.REQUEST_ATTEMPTS);
        slow.fire();
        assertThat(slow.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(slow.transport.count(MessageType.DISCOVER)).isEqualTo(2);
    }

    @Test
    void anAckWithoutSubnetMaskIsRefusedAndNamed() {
        h.client.start(null);
        h.client.onPacket(h.server.offer(h.lastSent()));
        DhcpPacket request = h.lastSent();
        h.client.onPacket(h.server.ack(request).withOptions(
                h.server.leaseOptions(MessageType.ACK).remove(OptionCode.SUBNET_MASK).build()));
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        h.fire();
        h.fire();
        assertThat(h.failed.getFirst().getMessage())
                .endsWith("last problem: an unusable ACK: the ACK for 192.0.2.57 has no subnet mask (option 1)");
    }

    @Test
    void aTransportThatCannotSendLeadsToATimeoutThatSaysSo() {
        h.transport.failWith = new IllegalStateException("sendto: Network is unreachable (ENETUNREACH)");
        h.client.start(null);
        h.fire();
        h.fire();
        assertThat(h.failed.getFirst().getMessage()).endsWith(
                "last problem: cannot send DHCPDISCOVER to 255.255.255.255: sendto: Network is unreachable (ENETUNREACH)");
    }

    @Test
    void aPreferredAddressIsRequestedInTheDiscover() {
        h.client.start(IpAddress.parse("192.0.2.70"));
        assertThat(h.lastSent().options().requestedAddress()).contains(IpAddress.parse("192.0.2.70"));
    }

    @Test
    void commandsOutOfPlaceAreRefused() {
        assertThatThrownBy(h.client::renewNow).hasMessage("no bound lease to renew: client is INIT");
        h.client.start(null);
        assertThatThrownBy(() -> h.client.start(null)).hasMessage("cannot start: client is SELECTING, not INIT");
        assertThat(h.client.release()).isFalse();
        assertThat(h.client.state()).isEqualTo(ClientState.STOPPED);
        assertThat(h.transport.count(MessageType.RELEASE)).isZero();
    }
}
