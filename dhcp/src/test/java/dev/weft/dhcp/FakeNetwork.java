package dev.weft.dhcp;

import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.packet.DhcpCodec;
import dev.weft.dhcp.packet.DhcpDecodeException;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Options;
import dev.weft.dhcp.packet.Op;
import dev.weft.dhcp.transport.DhcpSocket;
import dev.weft.dhcp.transport.Network;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link Network} with a tiny server behind every socket: OFFER and ACK of one
 * address, NAK when told to, RELEASE recorded. Lets the manager be tested without root; the real
 * thing is {@code DhcpLeasesRootTest}.
 */
final class FakeNetwork implements Network {
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:aa");
    static final IpAddress SERVER = IpAddress.parse("192.0.2.1");
    static final IpAddress ADDRESS = IpAddress.parse("192.0.2.60");

    final Set<String> missing = ConcurrentHashMap.newKeySet();
    final List<DhcpPacket> received = new CopyOnWriteArrayList<>();
    final AtomicInteger openSockets = new AtomicInteger();
    volatile boolean silent;
    volatile boolean nak;

    @Override
    public MacAddress prepare(String netns, InterfaceName ifName) {
        if (missing.contains(netns)) {
            throw new DhcpException(DhcpException.Reason.NO_INTERFACE, "no network namespace " + netns);
        }
        return MAC;
    }

    @Override
    public DhcpSocket open(String netns, InterfaceName ifName) {
        prepare(netns, ifName);
        openSockets.incrementAndGet();
        return new DhcpSocket() {
            private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
            private boolean closed;

            @Override
            public void send(byte[] message, IpAddress destination) {
                try {
                    DhcpPacket p = DhcpCodec.decode(message);
                    received.add(p);
                    reply(p).ifPresent(r -> replies.add(DhcpCodec.encode(r)));
                } catch (DhcpDecodeException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public Optional<byte[]> receive(Duration timeout) {
                try {
                    return Optional.ofNullable(replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    openSockets.decrementAndGet();
                }
            }
        };
    }

    long count(MessageType type) {
        return received.stream().filter(p -> p.messageType().orElseThrow() == type).count();
    }

    private Optional<DhcpPacket> reply(DhcpPacket request) {
        MessageType type = request.messageType().orElseThrow();
        if (silent || type == MessageType.RELEASE) {
            return Optional.empty();
        }
        MessageType answer = type == MessageType.DISCOVER ? MessageType.OFFER : nak ? MessageType.NAK : MessageType.ACK;
        Options.Builder o = Options.builder().messageType(answer).address(OptionCode.SERVER_ID, SERVER);
        if (answer != MessageType.NAK) {
            o.seconds(OptionCode.LEASE_TIME, Duration.ofHours(1)).subnetPrefix(24)
                    .addresses(OptionCode.ROUTER, List.of(SERVER));
        }
        return Optional.of(new DhcpPacket(Op.BOOTREPLY, 1, 0, request.xid(), 0, request.flags(), null,
                answer == MessageType.NAK ? null : ADDRESS, SERVER, null, request.chaddr(), null, null, o.build()));
    }
}
