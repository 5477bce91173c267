package dev.weft.node.policy;

import java.nio.ByteBuffer;

/** Ethernet + IPv4 + UDP test frames for the fast path's programs, and the header checks they need. */
final class Ipv4Frames {
    static final int IP = 14;

    private Ipv4Frames() {
    }

    /** A 60-byte UDP frame {@code src} → {@code dst} with a correct header checksum ({@code ipLength} bytes of IP). */
    static byte[] udp(String src, String dst, int ttl, int id, int ipLength) {
        ByteBuffer b = ByteBuffer.allocate(IP + ipLength);
        b.put(new byte[] {2, 0, 0, 0, 0, (byte) 0xaa, 2, 0, 0, 0, 0, (byte) 0xbb}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) id).putShort((short) 0)
                .put((byte) ttl).put((byte) 17).putShort((short) 0).put(address(src)).put(address(dst));
        b.putShort((short) 4000).putShort((short) 5000).putShort((short) (ipLength - 20)).putShort((short) 0);
        byte[] f = b.array();
        int sum = headerSum(f);
        f[IP + 10] = (byte) (~sum >> 8);
        f[IP + 11] = (byte) ~sum;
        return f;
    }

    static byte[] udp(String src, String dst, int ttl) {
        return udp(src, dst, ttl, 0x1234, 46);
    }

    /** The ones'-complement sum of the IPv4 header, folded: 0xffff when its checksum is right. */
    static int headerSum(byte[] f) {
        int sum = 0;
        for (int i = IP; i < IP + 20; i += 2) {
            sum += (f[i] & 0xff) << 8 | f[i + 1] & 0xff;
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return sum;
    }

    static int ttl(byte[] f) {
        return f[IP + 8] & 0xff;
    }

    static byte[] address(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
                (byte) Integer.parseInt(p[3])};
    }

    static byte[] mac(String colons) {
        String[] p = colons.split(":");
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return m;
    }

    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] lpm(String dotted, int prefix) {
        byte[] k = new byte[8];
        k[0] = (byte) prefix;
        System.arraycopy(address(dotted), 0, k, 4, 4);
        return k;
    }
}
