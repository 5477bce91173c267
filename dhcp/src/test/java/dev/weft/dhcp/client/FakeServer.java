package dev.weft.dhcp.client;

import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Options;
import dev.weft.dhcp.packet.Op;
import dev.weft.net.IpAddress;

import java.time.Duration;
import java.util.List;

/** Builds a server's replies to a client's message, as dnsmasq would: the tests' stand-in server. */
final class FakeServer {
    static final IpAddress SERVER = IpAddress.parse("192.0.2.1");
    static final IpAddress ADDRESS = IpAddress.parse("192.0.2.57");
    static final Duration LEASE = Duration.ofMinutes(2);

    IpAddress server = SERVER;
    IpAddress address = ADDRESS;
    Duration leaseTime = LEASE;

    DhcpPacket offer(DhcpPacket request) {
        return reply(request, MessageType.OFFER, address, leaseOptions(MessageType.OFFER).build());
    }

    DhcpPacket ack(DhcpPacket request) {
        return reply(request, MessageType.ACK, address, leaseOptions(MessageType.ACK).build());
    }

    DhcpPacket nak(DhcpPacket request, String message) {
        return reply(request, MessageType.NAK, DhcpPacket.ZERO, Options.builder().messageType(MessageType.NAK)
                .address(OptionCode.SERVER_ID, server).text(OptionCode.MESSAGE, message).build());
    }

    Options.Builder leaseOptions(MessageType type) {
        return Options.builder().messageType(type).address(OptionCode.SERVER_ID, server)
                .seconds(OptionCode.LEASE_TIME, leaseTime).subnetPrefix(24)
                .addresses(OptionCode.ROUTER, List.of(SERVER))
                .addresses(OptionCode.DNS_SERVERS, List.of(IpAddress.parse("192.0.2.53")))
                .text(OptionCode.DOMAIN_NAME, "weft.test");
    }

    static DhcpPacket reply(DhcpPacket request, MessageType type, IpAddress yiaddr, Options options) {
        if (options.messageType().orElse(null) != type) {
            options = options.toBuilder().messageType(type).build();
        }
        return new DhcpPacket(Op.BOOTREPLY, request.htype(), 0, request.xid(), 0, request.flags(), request.ciaddr(),
                yiaddr, SERVER, DhcpPacket.ZERO, request.chaddr(), null, null, options);
    }
}
