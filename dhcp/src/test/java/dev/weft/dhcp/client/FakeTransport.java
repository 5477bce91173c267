package dev.weft.dhcp.client;

import dev.weft.dhcp.packet.DhcpCodec;
import dev.weft.dhcp.packet.DhcpDecodeException;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what the client sends (through the real codec, so what is recorded is what would go on
 * the wire), or fails when told to.
 */
final class FakeTransport implements Transport {
    record Sent(DhcpPacket packet, IpAddress to) {
        MessageType type() {
            return packet.messageType().orElseThrow();
        }
    }

    final List<Sent> sent = new ArrayList<>();
    RuntimeException failWith;

    @Override
    public void send(DhcpPacket packet, IpAddress destination) {
        if (failWith != null) {
            throw failWith;
        }
        try {
            sent.add(new Sent(DhcpCodec.decode(DhcpCodec.encode(packet)), destination));
        } catch (DhcpDecodeException e) {
            throw new AssertionError("the client sent a packet that does not decode: " + e.getMessage(), e);
        }
    }

    Sent last() {
        if (sent.isEmpty()) {
            throw new AssertionError("nothing was sent");
        }
        return sent.getLast();
    }

    long count(MessageType type) {
        return sent.stream().filter(s -> s.type() == type).count();
    }
}
