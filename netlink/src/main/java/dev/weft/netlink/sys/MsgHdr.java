package dev.weft.netlink.sys;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The layouts of {@code struct msghdr} (56 bytes), {@code struct mmsghdr} (64) and
 * {@code struct cmsghdr} (16 + data) on LP64 Linux (x86-64, arm64), written with raw addresses so
 * a packet loop fills preallocated arrays of them without creating segment objects. Every pointer
 * stored must point into memory that outlives the call (the loop's own arena).
 */
public final class MsgHdr {
    public static final int SIZE = 56;
    public static final int MMSG_SIZE = 64;
    public static final int NAME = 0;
    public static final int NAMELEN = 8;
    public static final int IOV = 16;
    public static final int IOVLEN = 24;
    public static final int CONTROL = 32;
    public static final int CONTROLLEN = 40;
    public static final int FLAGS = 48;
    /** mmsghdr.msg_len: the bytes sent or received for this message. */
    public static final int MSG_LEN = 56;
    /** sizeof(struct cmsghdr): cmsg_len (size_t), cmsg_level, cmsg_type; data follows. */
    public static final int CMSG_HDR = 16;

    private MsgHdr() {
    }

    /** CMSG_SPACE(len): the room one control message of {@code len} data bytes takes. */
    public static int cmsgSpace(int len) {
        return CMSG_HDR + ((len + 7) & ~7);
    }

    /**
     * Fills the msghdr at {@code off}: name (or none when {@code nameLen} is 0), iovecs, control
     * buffer ({@code null}: none) with {@code controlLen} bytes in use (0 for now is fine: the
     * pointer stays, so a later {@link #setControlLen} can turn the control message on).
     */
    public static void set(MemorySegment m, long off, MemorySegment name, long nameOff, int nameLen,
                           MemorySegment iov, long iovOff, int iovCount,
                           MemorySegment control, long controlOff, int controlLen) {
        m.set(JAVA_LONG, off + NAME, nameLen == 0 ? 0L : name.address() + nameOff);
        m.set(JAVA_INT, off + NAMELEN, nameLen);
        m.set(JAVA_INT, off + NAMELEN + 4, 0);
        m.set(JAVA_LONG, off + IOV, iov.address() + iovOff);
        m.set(JAVA_LONG, off + IOVLEN, iovCount);
        m.set(JAVA_LONG, off + CONTROL, control == null ? 0L : control.address() + controlOff);
        m.set(JAVA_LONG, off + CONTROLLEN, controlLen);
        m.set(JAVA_INT, off + FLAGS, 0);
    }

    /** Sets msg_namelen (recv calls overwrite it, so reset before each). */
    public static void setNameLen(MemorySegment m, long off, int len) {
        m.set(JAVA_INT, off + NAMELEN, len);
    }

    /** Sets msg_controllen (recv calls overwrite it, so reset before each). */
    public static void setControlLen(MemorySegment m, long off, int len) {
        m.set(JAVA_LONG, off + CONTROLLEN, len);
    }

    /** msg_controllen after a receive: the control bytes the kernel wrote. */
    public static long controlLen(MemorySegment m, long off) {
        return m.get(JAVA_LONG, off + CONTROLLEN);
    }

    /** msg_flags after a receive (MSG_TRUNC, MSG_CTRUNC). */
    public static int flags(MemorySegment m, long off) {
        return m.get(JAVA_INT, off + FLAGS);
    }

    /** Writes one control message with a {@code u16} value (UDP_SEGMENT) at {@code off}; its space. */
    public static int putCmsgU16(MemorySegment c, long off, int level, int type, int value) {
        c.set(JAVA_LONG, off, CMSG_HDR + 2);
        c.set(JAVA_INT, off + 8, level);
        c.set(JAVA_INT, off + 12, type);
        c.set(java.lang.foreign.ValueLayout.JAVA_SHORT, off + CMSG_HDR, (short) value);
        return cmsgSpace(2);
    }

    /**
     * The {@code int} data of the first control message of {@code level}/{@code type} among the
     * {@code len} control bytes at {@code off}, or -1 when there is none (UDP_GRO's segment size).
     */
    public static int findCmsgInt(MemorySegment c, long off, long len, int level, int type) {
        long p = off;
        long end = off + len;
        while (p + CMSG_HDR <= end) {
            long cl = c.get(JAVA_LONG, p);
            if (cl < CMSG_HDR || p + cl > end) {
                return -1;
            }
            if (c.get(JAVA_INT, p + 8) == level && c.get(JAVA_INT, p + 12) == type && cl >= CMSG_HDR + 4) {
                return c.get(JAVA_INT, p + CMSG_HDR);
            }
            p += (cl + 7) & ~7L;
        }
        return -1;
    }
}
