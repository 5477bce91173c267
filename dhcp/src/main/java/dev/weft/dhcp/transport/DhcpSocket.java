package dev.weft.dhcp.transport;

import dev.weft.net.IpAddress;

import java.time.Duration;
import java.util.Optional;

/**
 * The client's end of DHCP on one interface: UDP port 68, sending to servers' port 67. Sending
 * and receiving may happen on different threads; {@link #close} only once no one receives.
 */
public interface DhcpSocket extends AutoCloseable {
    /** Sends one message to port 67 of {@code destination} (255.255.255.255 to broadcast). */
    void send(byte[] message, IpAddress destination);

    /** The next message, or empty when none arrived within {@code timeout}. */
    Optional<byte[]> receive(Duration timeout);

    @Override
    void close();
}
