package dev.weft.dhcp.transport;

import dev.weft.net.IpAddress;
import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.InetDatagram;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.time.Duration;
import java.util.Optional;

/**
 * A kernel UDP socket bound to 0.0.0.0:68 on one device ({@code SO_BINDTODEVICE}), broadcast
 * allowed, {@code SO_REUSEADDR} so several interfaces of one namespace each have their own. Opened
 * by the thread that is inside the container's namespace; usable from any thread afterwards.
 *
 * <p>Why UDP and not a raw AF_PACKET socket: with the device bound, the kernel sends a limited
 * broadcast out of that device even though the interface has no address yet (source 0.0.0.0), and
 * delivers broadcast replies to port 68; once the address is configured, renewals are plain
 * unicast. So the kernel builds the IP and UDP headers and checksums, and no packet filter is
 * needed. Limits: replies must be broadcast until the address is on the interface (the client
 * sets the broadcast flag then), and strict reverse-path filtering ({@code rp_filter=1}) in the
 * container drops those broadcasts when no route leads back to the server; a raw socket would
 * not care.
 */
public final class UdpDhcpSocket implements DhcpSocket {
    private static final System.Logger LOG = System.getLogger(UdpDhcpSocket.class.getName());
    static final int CLIENT_PORT = 68;
    static final int SERVER_PORT = 67;
    private static final int MAX_DATAGRAM = 65535;
    private static final IpAddress BROADCAST = IpAddress.parse("255.255.255.255");

    private final int fd;
    private final String device;
    private volatile boolean closed;

    private UdpDhcpSocket(int fd, String device) {
        this.fd = fd;
        this.device = device;
    }

    /** Opens the socket in the calling thread's namespace; the caller runs this inside the container's. */
    public static UdpDhcpSocket openHere(String device) {
        int fd = InetDatagram.openUdp();
        try {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, InetDatagram.SO_REUSEADDR, 1);
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, InetDatagram.SO_BROADCAST, 1);
            InetDatagram.bindToDevice(fd, device);
            InetDatagram.bind(fd, new byte[4], CLIENT_PORT);
            return new UdpDhcpSocket(fd, device);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * Sends to port 67. A unicast the kernel cannot route (ENETUNREACH: the interface has no
     * address, e.g. a RELEASE after the plugin removed it) goes out as a broadcast instead; servers
     * accept a broadcast RELEASE or REQUEST as well.
     */
    @Override
    public void send(byte[] message, IpAddress destination) {
        try {
            InetDatagram.sendTo(fd, message, destination.bytes(), SERVER_PORT);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENETUNREACH || destination.equals(BROADCAST)) {
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: no route to {1}; broadcasting", device, destination);
            InetDatagram.sendTo(fd, message, BROADCAST.bytes(), SERVER_PORT);
        }
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
        if ((InetDatagram.poll(fd, InetDatagram.POLLIN, millis) & InetDatagram.POLLIN) == 0) {
            return Optional.empty();
        }
        return Optional.of(InetDatagram.receiveFrom(fd, MAX_DATAGRAM).data());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    @Override
    public String toString() {
        return "UdpDhcpSocket[" + device + ", fd " + fd + "]";
    }
}
