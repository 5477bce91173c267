package dev.weft.netlink.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * TUN devices (linux/if_tun.h): open {@code /dev/net/tun} and attach the fd to a device with
 * TUNSETIFF, ask the driver what it supports (TUNGETFEATURES), hand it offloads (TUNSETOFFLOAD)
 * and the virtio-net header size (TUNSETVNETHDRSZ). A device made this way lives while one of its
 * queue fds is open, in the network namespace of the thread that made it. Failures are
 * {@link SyscallException}s; none of this is on a packet path.
 */
public final class Tun {
    /** open(2): {@code int open(const char *path, int flags)}. */
    private static final MethodHandle OPEN = Downcalls.bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** ioctl(2) with a pointer: {@code int ioctl(int fd, unsigned long request, void *arg)}. */
    private static final MethodHandle IOCTL_PTR = Downcalls.bindVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    /** ioctl(2) with a value, as TUNSETOFFLOAD takes it: {@code int ioctl(int fd, unsigned long request, unsigned long arg)}. */
    private static final MethodHandle IOCTL_VALUE = Downcalls.bindVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), 2);

    public static final String DEVICE = "/dev/net/tun";
    public static final long TUNSETIFF = 0x400454caL;
    public static final long TUNGETFEATURES = 0x800454cfL;
    public static final long TUNSETOFFLOAD = 0x400454d0L;
    public static final long TUNGETVNETHDRSZ = 0x800454d7L;
    public static final long TUNSETVNETHDRSZ = 0x400454d8L;

    public static final int IFF_TUN = 0x0001;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFF_MULTI_QUEUE = 0x0100;
    public static final int IFF_VNET_HDR = 0x4000;

    public static final int TUN_F_CSUM = 0x01;
    public static final int TUN_F_TSO4 = 0x02;
    public static final int TUN_F_TSO6 = 0x04;
    public static final int TUN_F_TSO_ECN = 0x08;
    public static final int TUN_F_UFO = 0x10;
    public static final int TUN_F_USO4 = 0x20;
    public static final int TUN_F_USO6 = 0x40;

    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    private Tun() {
    }

    /** Opens {@code /dev/net/tun} read-write, close-on-exec, non-blocking when asked; the fd. */
    public static int open(boolean nonBlocking) {
        int flags = FdIo.O_RDWR | Libc.O_CLOEXEC | (nonBlocking ? FdIo.O_NONBLOCK : 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            int fd = (int) OPEN.invokeExact(slot, a.allocateFrom(DEVICE), flags);
            if (fd < 0) {
                throw new SyscallException("open " + DEVICE, ErrnoSlot.errno(slot));
            }
            return fd;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * TUNSETIFF: attaches {@code fd} to device {@code name} (created when missing; a name with
     * {@code %d} lets the kernel number it) with {@code flags} ({@code IFF_TUN | IFF_NO_PI | ...});
     * returns the device's name as the kernel has it. For a multi-queue device every queue's fd
     * makes the same call with the same flags.
     */
    public static String setIff(int fd, String name, int flags) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        if (raw.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("TUN name \"" + name + "\" is longer than 15 bytes");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
            MemorySegment.copy(raw, 0, ifr, JAVA_BYTE, 0, raw.length);
            ifr.set(JAVA_SHORT, IFNAMSIZ, (short) flags);
            ioctlPointer(a, "TUNSETIFF " + name, fd, TUNSETIFF, ifr);
            return ifr.getString(0, StandardCharsets.US_ASCII);
        }
    }

    /** TUNGETFEATURES: the IFF_* flags this kernel's TUN driver accepts. */
    public static int features(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            ioctlPointer(a, "TUNGETFEATURES", fd, TUNGETFEATURES, v);
            return v.get(JAVA_INT, 0);
        }
    }

    /** TUNSETOFFLOAD: which TUN_F_* offloads the kernel may hand this device (packets it reads). */
    public static void setOffload(int fd, int tunFlags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = ErrnoSlot.allocate(a);
            int rc = (int) IOCTL_VALUE.invokeExact(slot, fd, TUNSETOFFLOAD, (long) tunFlags);
            if (rc < 0) {
                throw new SyscallException("TUNSETOFFLOAD 0x" + Integer.toHexString(tunFlags), ErrnoSlot.errno(slot));
            }
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** TUNSETVNETHDRSZ: the virtio-net header's size in front of every packet (10 or 12). */
    public static void setVnetHdrSize(int fd, int size) {
        try (Arena a = Arena.ofConfined()) {
            ioctlPointer(a, "TUNSETVNETHDRSZ " + size, fd, TUNSETVNETHDRSZ, a.allocateFrom(JAVA_INT, size));
        }
    }

    /** TUNGETVNETHDRSZ: the header size the device uses. */
    public static int vnetHdrSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            ioctlPointer(a, "TUNGETVNETHDRSZ", fd, TUNGETVNETHDRSZ, v);
            return v.get(JAVA_INT, 0);
        }
    }

    private static void ioctlPointer(Arena a, String call, int fd, long request, MemorySegment arg) {
        MemorySegment slot = ErrnoSlot.allocate(a);
        int rc;
        try {
            rc = (int) IOCTL_PTR.invokeExact(slot, fd, request, arg);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
        if (rc < 0) {
            throw new SyscallException(call, ErrnoSlot.errno(slot));
        }
    }
}
