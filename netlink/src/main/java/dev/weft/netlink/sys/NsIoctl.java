package dev.weft.netlink.sys;

import java.lang.foreign.MemorySegment;

/**
 * ioctl_ns(2) on a namespace file descriptor, through {@link Libc#ioctl} (no handle of its own:
 * ioctl's is there). Lets a caller check that a path it was given is the namespace it wants
 * before {@code setns} fails on it with a bare EINVAL.
 */
public final class NsIoctl {
    /** {@code NS_GET_NSTYPE} = {@code _IO(0xb7, 0x3)}, Linux 4.11+. */
    public static final long NS_GET_NSTYPE = 0xb703;
    /** ENOTTY: the descriptor is not a namespace (or the kernel predates NS_GET_NSTYPE). */
    public static final int ENOTTY = 25;

    private NsIoctl() {
    }

    /**
     * {@code ioctl(fd, NS_GET_NSTYPE)}: the {@code CLONE_NEW*} flag of the namespace open at
     * {@code fd}. A {@link SyscallException} with {@link #ENOTTY} when {@code fd} is not a
     * namespace file.
     */
    public static int nsType(int fd) {
        return Libc.ioctl(fd, NS_GET_NSTYPE, MemorySegment.NULL);
    }

    /** The short name of a {@code CLONE_NEW*} namespace type ({@code net}, {@code mnt}, …), or its number. */
    public static String typeName(int type) {
        return switch (type) {
            case 0x40000000 -> "net";
            case 0x00020000 -> "mnt";
            case 0x04000000 -> "uts";
            case 0x08000000 -> "ipc";
            case 0x10000000 -> "user";
            case 0x20000000 -> "pid";
            case 0x02000000 -> "cgroup";
            case 0x00000080 -> "time";
            default -> "type 0x" + Integer.toHexString(type);
        };
    }
}
