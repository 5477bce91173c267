package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/** Builds IPv4 packets byte by byte, independently of the code under test (ByteBuffer, naive checksum). */
public final class Packets {
    public static final int SRC = Ipv4.address(10, 244, 1, 2);
    public static final int DST = Ipv4.address(10, 244, 2, 3);

    private Packets() {
    }

    /** A TCP/IPv4 packet with a full, valid checksum. */
    public static byte[] tcp(int src, int dst, int id, int ttl, int sport, int dport, int seq, int ack, int flags,
                      byte[] options, byte[] payload) {
        int thl = 20 + options.length;
        int total = 20 + thl + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) id).putShort((short) 0x4000)
                .put((byte) ttl).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack)
                .put((byte) ((thl / 4) << 4)).put((byte) flags).putShort((short) 65000).putShort((short) 0).putShort((short) 0)
                .put(options).put(payload);
        byte[] p = b.array();
        putShort(p, 10, naive(p, 0, 20, 0));
        long pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 6 + thl + payload.length;
        putShort(p, 36, naive(p, 20, thl + payload.length, pseudo));
        return p;
    }

    /** A UDP/IPv4 packet (checksum 0: none). */
    public static byte[] udp(int src, int dst, int ttl, byte[] payload) {
        int total = 28 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 7).putShort((short) 0)
                .put((byte) ttl).put((byte) 17).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) 5000).putShort((short) 5001).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        byte[] p = b.array();
        putShort(p, 10, naive(p, 0, 20, 0));
        return p;
    }

    /** An ICMP echo request. */
    public static byte[] echo(int src, int dst, int ttl, int dataLen, boolean df) {
        int total = 28 + dataLen;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 99).putShort((short) (df ? 0x4000 : 0))
                .put((byte) ttl).put((byte) 1).putShort((short) 0).putInt(src).putInt(dst);
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1);
        for (int i = 0; i < dataLen; i++) {
            b.put((byte) i);
        }
        byte[] p = b.array();
        putShort(p, 10, naive(p, 0, 20, 0));
        putShort(p, 22, naive(p, 20, 8 + dataLen, 0));
        return p;
    }

    /** RFC 1071 the slow way: 16-bit big-endian words, carries folded at the end. */
    public static int naive(byte[] p, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((p[off + i] & 0xff) << 8) | (p[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (p[off + len - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** Whether the IP header checksum and (for TCP) the TCP checksum of the packet verify. */
    public static boolean checksumsValid(byte[] p) {
        int ihl = (p[0] & 0xf) * 4;
        if (naive(p, 0, ihl, 0) != 0) {
            return false;
        }
        if (p[9] != 6) {
            return true;
        }
        int total = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        int src = ByteBuffer.wrap(p).getInt(12);
        int dst = ByteBuffer.wrap(p).getInt(16);
        long pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 6 + (total - ihl);
        return naive(p, ihl, total - ihl, pseudo) == 0;
    }

    public static void putShort(byte[] p, int off, int v) {
        p[off] = (byte) (v >>> 8);
        p[off + 1] = (byte) v;
    }

    public static int getShort(byte[] p, int off) {
        return ((p[off] & 0xff) << 8) | (p[off + 1] & 0xff);
    }

    public static MemorySegment seg(byte[] p) {
        return MemorySegment.ofArray(p);
    }

    public static byte[] slice(MemorySegment s, long off, int len) {
        return s.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
}
