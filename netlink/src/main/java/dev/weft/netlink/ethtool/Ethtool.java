package dev.weft.netlink.ethtool;

import dev.weft.net.InterfaceName;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The one ethtool feature weft changes: TX checksum offload, through the {@code SIOCETHTOOL}
 * ioctl ({@code ETHTOOL_GTXCSUM}/{@code ETHTOOL_STXCSUM}, uapi linux/ethtool.h) on a throwaway
 * socket. Like netlink sockets, the socket belongs to the calling thread's network namespace.
 */
public final class Ethtool {
    static final long SIOCETHTOOL = 0x8946;
    static final int ETHTOOL_GTXCSUM = 0x16;
    static final int ETHTOOL_STXCSUM = 0x17;
    private static final int IFREQ_SIZE = 40;

    private Ethtool() {
    }

    /** Whether TX checksum offload is on for {@code dev}. */
    public static boolean txChecksum(InterfaceName dev) {
        return call(dev, ETHTOOL_GTXCSUM, 0) != 0;
    }

    /** Turns TX checksum offload on or off for {@code dev}. */
    public static void setTxChecksum(InterfaceName dev, boolean on) {
        call(dev, ETHTOOL_STXCSUM, on ? 1 : 0);
    }

    /** struct ethtool_value {u32 cmd; u32 data;} pointed to by struct ifreq's ifr_data. */
    private static int call(InterfaceName dev, int cmd, int data) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(8, 4);
            value.set(ValueLayout.JAVA_INT, 0, cmd);
            value.set(ValueLayout.JAVA_INT, 4, data);
            MemorySegment ifreq = a.allocate(IFREQ_SIZE, 8);
            byte[] name = dev.value().getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(name, 0, ifreq, ValueLayout.JAVA_BYTE, 0, name.length);
            ifreq.set(ValueLayout.ADDRESS, 16, value);
            Libc.ioctl(fd, SIOCETHTOOL, ifreq);
            return value.get(ValueLayout.JAVA_INT, 4);
        } catch (SyscallException e) {
            throw NetlinkException.of(e);
        } finally {
            Libc.close(fd);
        }
    }

    /**
     * Whether VXLAN TX checksum offload must be turned off on this kernel: releases before 5.7
     * compute broken checksums for VXLAN packets that are NATed with {@code --random-fully}
     * (flannel-io/flannel#1279, projectcalico/calico#3145); Flannel and Calico turn it off there.
     */
    public static boolean vxlanChecksumBroken(String kernelRelease) {
        String[] parts = kernelRelease.split("[.\\-+]", 3);
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
            return major < 5 || (major == 5 && minor < 7);
        } catch (NumberFormatException e) {
            return true; // unknown: the safe side
        }
    }
}
