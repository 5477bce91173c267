package dev.weft.netlink.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in} (16 bytes): family in host order, port and address in network
 * order, 8 bytes of zero. An IPv4 address is an {@code int} whose most significant byte is the
 * first octet, so {@code 10.0.0.1} is {@code 0x0a000001}.
 */
public final class SockaddrIn {
    public static final int SIZE = 16;
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SockaddrIn() {
    }

    /** Writes an AF_INET sockaddr at {@code offset}. */
    public static void set(MemorySegment s, long offset, int address, int port) {
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) Datagram.AF_INET);
        s.set(BE_SHORT, offset + 2, (short) port);
        s.set(BE_INT, offset + 4, address);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8, 0L);
    }

    /** The address of the sockaddr at {@code offset}. */
    public static int address(MemorySegment s, long offset) {
        return s.get(BE_INT, offset + 4);
    }

    /** The port of the sockaddr at {@code offset}. */
    public static int port(MemorySegment s, long offset) {
        return Short.toUnsignedInt(s.get(BE_SHORT, offset + 2));
    }

    /** The family of the sockaddr at {@code offset}. */
    public static int family(MemorySegment s, long offset) {
        return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset));
    }

    /** {@code a.b.c.d:port}. */
    public static String format(int address, int port) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff) + ":" + port;
    }
}
