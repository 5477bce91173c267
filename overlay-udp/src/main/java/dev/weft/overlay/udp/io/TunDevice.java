package dev.weft.overlay.udp.io;

import dev.weft.netlink.sys.FdIo;
import dev.weft.netlink.sys.SyscallException;
import dev.weft.netlink.sys.Tun;

import java.lang.foreign.Arena;
import java.util.Arrays;

/**
 * A TUN device this process serves: one non-blocking fd per queue ({@code IFF_TUN | IFF_NO_PI},
 * plus {@code IFF_MULTI_QUEUE} for more than one queue and {@code IFF_VNET_HDR} with offloads for
 * the offload datapath). Made in the network namespace of the calling thread; it disappears, with
 * its addresses and routes, when the last fd closes (when this process ends, however it ends).
 */
public final class TunDevice implements AutoCloseable {
    /** The offloads the offload datapath asks for: checksum and TCPv4 segmentation. */
    public static final int OFFLOADS = Tun.TUN_F_CSUM | Tun.TUN_F_TSO4;

    private final String name;
    private final int[] fds;
    private final boolean vnetHdr;

    private TunDevice(String name, int[] fds, boolean vnetHdr) {
        this.name = name;
        this.fds = fds;
        this.vnetHdr = vnetHdr;
    }

    /**
     * Creates (or attaches to) TUN {@code name} with {@code queues} queues; with {@code vnetHdr},
     * a 10-byte virtio-net header and {@link #OFFLOADS}. A device held by another process is
     * EBUSY, said plainly.
     */
    public static TunDevice open(String name, int queues, boolean vnetHdr) {
        if (queues < 1) {
            throw new IllegalArgumentException("queues " + queues + " is under 1");
        }
        int flags = Tun.IFF_TUN | Tun.IFF_NO_PI | (queues > 1 ? Tun.IFF_MULTI_QUEUE : 0) | (vnetHdr ? Tun.IFF_VNET_HDR : 0);
        int[] fds = new int[queues];
        Arrays.fill(fds, -1);
        String actual = name;
        try {
            for (int q = 0; q < queues; q++) {
                fds[q] = Tun.open(true);
                actual = Tun.setIff(fds[q], name, flags);
                if (vnetHdr) {
                    Tun.setVnetHdrSize(fds[q], dev.weft.overlay.udp.packet.VirtioNetHdr.SIZE);
                    Tun.setOffload(fds[q], OFFLOADS);
                }
            }
            return new TunDevice(actual, fds, vnetHdr);
        } catch (SyscallException e) {
            closeAll(fds);
            if (e.errno() == dev.weft.netlink.sys.Errno.EBUSY) {
                throw new IllegalStateException("TUN " + name + " is held by another process (" + e.getMessage()
                        + "): is another datapath serving it?", e);
            }
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The fd of queue {@code q}. */
    public int fd(int q) {
        return fds[q];
    }

    public int queues() {
        return fds.length;
    }

    /** Whether every packet carries a virtio-net header. */
    public boolean vnetHdr() {
        return vnetHdr;
    }

    @Override
    public void close() {
        closeAll(fds);
    }

    private static void closeAll(int[] fds) {
        try (Arena a = Arena.ofConfined()) {
            var slot = dev.weft.netlink.sys.ErrnoSlot.allocate(a);
            for (int i = 0; i < fds.length; i++) {
                if (fds[i] >= 0) {
                    FdIo.close(slot, fds[i]);
                    fds[i] = -1;
                }
            }
        }
    }
}
