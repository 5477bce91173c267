package dev.weft.overlay.udp.io;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.ErrnoSlot;
import dev.weft.netlink.sys.FdIo;
import dev.weft.netlink.sys.SyscallException;

import java.lang.foreign.Arena;

/**
 * The underlay sockets: UDP, bound to the node's address and the overlay port, one per queue with
 * SO_REUSEPORT when there are several (the kernel spreads flows over them by their 4-tuple), large
 * buffers (forced past the sysctl limits when privileged), UDP_GRO on request. Blocking, so a send
 * waits for buffer room rather than failing; receives pass MSG_DONTWAIT.
 */
public final class UdpSockets {
    /** Socket buffer size asked for: room for bursts of 64 KiB super-packets. */
    public static final int BUFFER_BYTES = 4 << 20;

    private UdpSockets() {
    }

    /** Opens {@code count} sockets on {@code address}:{@code port}; GRO on when {@code gro}. */
    public static int[] open(int count, int address, int port, boolean gro) {
        int[] fds = new int[count];
        java.util.Arrays.fill(fds, -1);
        try {
            for (int i = 0; i < count; i++) {
                int fd = Datagram.socket(Datagram.AF_INET, Datagram.SOCK_DGRAM | Datagram.SOCK_CLOEXEC, Datagram.IPPROTO_UDP);
                fds[i] = fd;
                if (count > 1) {
                    Datagram.setInt(fd, Datagram.SOL_SOCKET, Datagram.SO_REUSEPORT, 1);
                }
                buffer(fd, Datagram.SO_RCVBUFFORCE, Datagram.SO_RCVBUF);
                buffer(fd, Datagram.SO_SNDBUFFORCE, Datagram.SO_SNDBUF);
                if (gro) {
                    Datagram.setInt(fd, Datagram.SOL_UDP, Datagram.UDP_GRO, 1);
                }
                Datagram.bind(fd, address, port);
            }
            return fds;
        } catch (RuntimeException e) {
            close(fds);
            throw e;
        }
    }

    private static void buffer(int fd, int forced, int plain) {
        try {
            Datagram.setInt(fd, Datagram.SOL_SOCKET, forced, BUFFER_BYTES);
        } catch (SyscallException e) {
            Datagram.setInt(fd, Datagram.SOL_SOCKET, plain, BUFFER_BYTES); // capped by net.core.*mem_max
        }
    }

    /** Closes every open fd of {@code fds}. */
    public static void close(int[] fds) {
        try (Arena a = Arena.ofConfined()) {
            var slot = ErrnoSlot.allocate(a);
            for (int i = 0; i < fds.length; i++) {
                if (fds[i] >= 0) {
                    FdIo.close(slot, fds[i]);
                    fds[i] = -1;
                }
            }
        }
    }
}
