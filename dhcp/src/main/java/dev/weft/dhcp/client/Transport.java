package dev.weft.dhcp.client;

import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.net.IpAddress;

/**
 * Where the client's messages go. Replies come back as {@link DhcpClient#onPacket} calls from
 * whoever listens. An implementation may throw an unchecked exception when it cannot send; the
 * client records it and carries on with its retransmission timer.
 */
public interface Transport {
    /** The limited broadcast address, 255.255.255.255. */
    IpAddress BROADCAST = IpAddress.parse("255.255.255.255");

    /** Sends {@code packet} to UDP port 67 of {@code destination} ({@link #BROADCAST} or a server). */
    void send(DhcpPacket packet, IpAddress destination);
}
