package dev.weft.dhcp.client;

import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.weft.dhcp.client.FakeServer.ADDRESS;
import static dev.weft.dhcp.client.FakeServer.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** BOUND → RENEWING → REBINDING → expiry, NAKs, early renewal, release and resume. */
class DhcpClientLeaseTest {
    private final ClientHarness h = new ClientHarness();

    @Test
    void renewsAtT1WithAUnicastRequestAndIsBoundAgain() {
        Lease first = h.acquire();
        int acquireXid = h.lastSent().xid();
        h.fire();
        assertThat(h.clock.instant()).isEqualTo(first.renewAt());
        assertThat(h.client.state()).isEqualTo(ClientState.RENEWING);
        FakeTransport.Sent renew = h.transport.last();
        assertThat(renew.type()).isEqualTo(MessageType.REQUEST);
        assertThat(renew.to()).isEqualTo(SERVER);
        assertThat(renew.packet().ciaddr()).isEqualTo(ADDRESS);
        assertThat(renew.packet().broadcast()).isFalse();
        assertThat(renew.packet().options().has(OptionCode.REQUESTED_ADDRESS)).isFalse();
        assertThat(renew.packet().options().has(OptionCode.SERVER_ID)).isFalse();
        assertThat(renew.packet().xid()).isNotEqualTo(acquireXid);

        h.client.onPacket(h.server.ack(renew.packet()));
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
        Lease renewed = h.bound.getLast();
        assertThat(renewed.boundAt()).isEqualTo(first.renewAt());
        assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
        assertThat(h.timer.pending).isEqualTo(renewed.renewAt());
    }

    @Test
    void withoutAnswerItRetransmitsThenRebindsThenLosesTheLeaseAndStartsOver() {
        h.server.leaseTime = Duration.ofHours(1); // T1 30 min, T2 52.5 min
        Lease lease = h.acquire();
        h.fire(); // T1
        assertThat(h.client.state()).isEqualTo(ClientState.RENEWING);
        // Half of the 22.5 minutes to T2, then half of the rest, until the 60 s floor, never past T2.
        h.fire();
        assertThat(h.clock.instant()).isEqualTo(lease.renewAt().plus(Duration.ofSeconds(675)));
        assertThat(h.transport.last().to()).isEqualTo(SERVER);
        while (h.clock.instant().isBefore(lease.rebindAt())) {
            Instant before = h.clock.instant();
            h.fire();
            assertThat(h.clock.instant()).isBeforeOrEqualTo(lease.rebindAt());
            if (h.clock.instant().isBefore(lease.rebindAt())) {
                assertThat(Duration.between(before, h.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
            }
        }
        assertThat(h.client.state()).isEqualTo(ClientState.REBINDING);
        assertThat(h.transport.last().to()).isEqualTo(Transport.BROADCAST);
        assertThat(h.transport.last().packet().ciaddr()).isEqualTo(ADDRESS);
        while (h.client.state() == ClientState.REBINDING) {
            h.fire();
        }
        assertThat(h.clock.instant()).isEqualTo(lease.expiresAt());
        assertThat(h.lost).singleElement().asString().startsWith("the lease expired at");
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.client.lease()).isEmpty();
        DhcpPacket discover = h.lastSent();
        assertThat(discover.options().requestedAddress()).contains(ADDRESS);
        // Lost in the background: no acquisition timeout, it keeps trying well past 10 s.
        for (int i = 0; i < 5; i++) {
            h.fire();
        }
        assertThat(h.failed).isEmpty();
        h.client.onPacket(h.server.offer(h.lastSent()));
        h.client.onPacket(h.server.ack(h.lastSent()));
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
    }

    @Test
    void aNakWhileRenewingLosesTheLease() {
        h.acquire();
        h.fire();
        h.client.onPacket(h.server.nak(h.lastSent(), "wrong network"));
        assertThat(h.lost).containsExactly("a NAK from 192.0.2.1 (\"wrong network\")");
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.client.lease()).isEmpty();
    }

    @Test
    void renewNowRenewsBeforeT1() {
        Lease lease = h.acquire();
        h.clock.advance(Duration.ofSeconds(5));
        h.client.renewNow();
        assertThat(h.client.state()).isEqualTo(ClientState.RENEWING);
        assertThat(h.transport.last().to()).isEqualTo(SERVER);
        h.client.onPacket(h.server.ack(h.lastSent()));
        assertThat(h.bound).hasSize(2);
        assertThat(h.bound.getLast().expiresAt()).isEqualTo(lease.expiresAt().plusSeconds(5));
    }

    @Test
    void t1AndT2ComeFromOptions58And59() {
        h.server.leaseTime = Duration.ofSeconds(1000);
        h.client.start(null);
        h.client.onPacket(h.server.offer(h.lastSent()));
        DhcpPacket request = h.lastSent();
        h.client.onPacket(h.server.ack(request).withOptions(h.server.leaseOptions(MessageType.ACK)
                .seconds(OptionCode.RENEWAL_TIME, Duration.ofSeconds(100))
                .seconds(OptionCode.REBINDING_TIME, Duration.ofSeconds(200)).build()));
        assertThat(h.timer.pending).isEqualTo(h.t0.plusSeconds(100));
        h.fire();
        h.fire();
        assertThat(h.clock.instant()).isEqualTo(h.t0.plusSeconds(160)); // 60 s floor
        h.fire();
        assertThat(h.clock.instant()).isEqualTo(h.t0.plusSeconds(200));
        assertThat(h.client.state()).isEqualTo(ClientState.REBINDING);
    }

    @Test
    void releaseSendsAReleaseToTheServerAndStops() {
        h.acquire();
        assertThat(h.client.release()).isTrue();
        FakeTransport.Sent release = h.transport.last();
        assertThat(release.type()).isEqualTo(MessageType.RELEASE);
        assertThat(release.to()).isEqualTo(SERVER);
        assertThat(release.packet().ciaddr()).isEqualTo(ADDRESS);
        assertThat(release.packet().options().serverId()).contains(SERVER);
        assertThat(release.packet().options().clientId()).contains(ClientHarness.CLIENT_ID);
        assertThat(release.packet().options().has(OptionCode.PARAMETER_REQUEST_LIST)).isFalse();
        assertThat(h.client.state()).isEqualTo(ClientState.STOPPED);
        assertThat(h.timer.pending).isNull();
        assertThat(h.client.lease()).isEmpty();
        h.client.onPacket(h.server.ack(h.lastSent()));
        assertThat(h.client.state()).isEqualTo(ClientState.STOPPED);
    }

    @Test
    void stopKeepsTheLeaseAndSendsNothing() {
        h.acquire();
        h.client.stop();
        assertThat(h.client.state()).isEqualTo(ClientState.STOPPED);
        assertThat(h.timer.pending).isNull();
        assertThat(h.transport.count(MessageType.RELEASE)).isZero();
    }

    @Test
    void resumeConfirmsARememberedLeaseWithInitReboot() {
        Lease remembered = earlierLease();
        h.client.resume(remembered);
        FakeTransport.Sent reboot = h.transport.last();
        assertThat(h.client.state()).isEqualTo(ClientState.INIT_REBOOT);
        assertThat(reboot.type()).isEqualTo(MessageType.REQUEST);
        assertThat(reboot.to()).isEqualTo(Transport.BROADCAST);
        assertThat(reboot.packet().broadcast()).isTrue();
        assertThat(reboot.packet().ciaddr()).isEqualTo(DhcpPacket.ZERO);
        assertThat(reboot.packet().options().requestedAddress()).contains(ADDRESS);
        assertThat(reboot.packet().options().has(OptionCode.SERVER_ID)).isFalse();
        h.client.onPacket(h.server.ack(reboot.packet()));
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
        assertThat(h.bound.getLast().boundAt()).isEqualTo(h.t0);
    }

    @Test
    void aNakToInitRebootLosesTheLeaseAndDiscovers() {
        h.client.resume(earlierLease());
        h.client.onPacket(h.server.nak(h.lastSent(), "not yours"));
        assertThat(h.lost).hasSize(1);
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.lastSent().options().has(OptionCode.REQUESTED_ADDRESS)).isFalse();
    }

    @Test
    void withoutAnswerTheRememberedLeaseIsUsedWhileItLasts() {
        Lease remembered = earlierLease();
        h.client.resume(remembered);
        h.fire();
        h.fire();
        assertThat(h.clock.instant()).isEqualTo(h.t0.plusSeconds(10));
        assertThat(h.client.state()).isEqualTo(ClientState.BOUND);
        assertThat(h.bound).containsExactly(remembered);
        // T1 passed while the daemon was down: the timer fires at once and renewing begins.
        assertThat(h.timer.pending).isEqualTo(h.clock.instant());
        h.fire();
        assertThat(h.client.state()).isEqualTo(ClientState.RENEWING);
    }

    @Test
    void anExpiredRememberedLeaseWithoutAnswerIsLost() {
        Lease old = new Lease(earlierLease().address(), null, null, null, null, SERVER,
                h.t0.minus(Duration.ofHours(1)), Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(105));
        h.client.resume(old);
        h.fire();
        h.fire();
        assertThat(h.lost).singleElement().asString().startsWith("the remembered lease expired");
        assertThat(h.client.state()).isEqualTo(ClientState.SELECTING);
        assertThat(h.lastSent().options().requestedAddress()).contains(ADDRESS);
    }

    @Test
    void aRenewalAckWithAnotherAddressIsTakenAndReported() {
        h.acquire();
        h.fire();
        h.server.address = IpAddress.parse("192.0.2.58");
        h.client.onPacket(h.server.ack(h.lastSent()));
        assertThat(h.client.lease().orElseThrow().address().address()).isEqualTo(IpAddress.parse("192.0.2.58"));
    }

    /** A lease bound 70 s before the harness's start: T1 (60 s) has passed, T2 comes 35 s after the start. */
    private Lease earlierLease() {
        return new Lease(new dev.weft.net.InterfaceAddress(ADDRESS, 24), SERVER, null, null, null, SERVER,
                h.t0.minusSeconds(70), Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(105));
    }
}
