package dev.weft.dhcp.client;

import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.Octets;
import dev.weft.net.MacAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A client wired to a fake clock, timer and transport, with a listener that records what happened. */
final class ClientHarness implements ClientListener {
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:d4:cf");
    static final Octets CLIENT_ID = Octets.ofText("\0c1/net/eth0");

    final FakeClock clock = new FakeClock();
    final FakeTimer timer = new FakeTimer();
    final FakeTransport transport = new FakeTransport();
    final FakeServer server = new FakeServer();
    final List<Lease> bound = new ArrayList<>();
    final List<String> lost = new ArrayList<>();
    final List<DhcpException> failed = new ArrayList<>();
    final DhcpClient client;
    final Instant t0 = clock.instant();

    ClientHarness() {
        this(Duration.ofSeconds(10));
    }

    ClientHarness(Duration timeout) {
        this(ClientConfig.of(MAC, CLIENT_ID, ClientOptions.DEFAULTS, timeout));
    }

    ClientHarness(ClientConfig config) {
        client = new DhcpClient(config, transport, timer, clock, new Random(7), this);
    }

    /** Moves the clock to the pending timer and fires it. */
    void fire() {
        if (timer.pending == null) {
            throw new AssertionError("no timer is set (client is " + client.state() + ")");
        }
        clock.set(timer.pending);
        client.onTimer();
    }

    DhcpPacket lastSent() {
        return transport.last().packet();
    }

    /** DISCOVER, OFFER, REQUEST, ACK. */
    Lease acquire() {
        client.start(null);
        client.onPacket(server.offer(lastSent()));
        client.onPacket(server.ack(lastSent()));
        return bound.getLast();
    }

    @Override
    public void bound(Lease lease) {
        bound.add(lease);
    }

    @Override
    public void lost(Lease lease, String reason) {
        lost.add(reason);
    }

    @Override
    public void failed(DhcpException error) {
        failed.add(error);
    }
}
