package dev.weft.netlink.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Writes one netlink request: the 16-byte header, the family struct, then attributes (4-byte
 * aligned; {@link #beginNested}/{@link #endNested} patch the nest's length when it closes).
 */
public final class MessageBuilder {
    private final int type;
    private final int flags;
    private byte[] buf = new byte[256];
    private int len = Nl.NLMSG_HDRLEN;
    private final Deque<Integer> nests = new ArrayDeque<>();

    public MessageBuilder(int type, int flags) {
        this.type = type;
        this.flags = flags;
    }

    public int type() {
        return type;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private ByteBuffer at(int offset, int size) {
        ensure(Math.max(0, offset + size - len));
        return ByteBuffer.wrap(buf, offset, size).order(ByteOrder.nativeOrder());
    }

    /** Appends raw bytes (a family struct), padded to 4 bytes. */
    public MessageBuilder struct(byte[] bytes) {
        ensure(Nl.align(bytes.length));
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += Nl.align(bytes.length);
        return this;
    }

    public MessageBuilder attr(int attrType, byte[] value) {
        int total = 4 + value.length;
        ensure(Nl.align(total));
        at(len, 4).putShort((short) total).putShort((short) attrType);
        System.arraycopy(value, 0, buf, len + 4, value.length);
        Arrays.fill(buf, len + total, len + Nl.align(total), (byte) 0);
        len += Nl.align(total);
        return this;
    }

    public MessageBuilder u8(int attrType, int v) {
        return attr(attrType, new byte[] {(byte) v});
    }

    public MessageBuilder u16(int attrType, int v) {
        return attr(attrType, Bytes.u16(v));
    }

    /** A 16-bit value in network byte order (ports). */
    public MessageBuilder be16(int attrType, int v) {
        return attr(attrType, new byte[] {(byte) (v >> 8), (byte) v});
    }

    public MessageBuilder u32(int attrType, int v) {
        return attr(attrType, Bytes.u32(v));
    }

    /** A NUL-terminated string. */
    public MessageBuilder string(int attrType, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return attr(attrType, Arrays.copyOf(b, b.length + 1));
    }

    public MessageBuilder beginNested(int attrType) {
        ensure(4);
        nests.push(len);
        at(len, 4).putShort((short) 0).putShort((short) (attrType | Nl.NLA_F_NESTED));
        len += 4;
        return this;
    }

    public MessageBuilder endNested() {
        int start = nests.pop();
        at(start, 2).putShort((short) (len - start));
        return this;
    }

    /** The message bytes with the header filled in for {@code seq}. */
    public byte[] build(int seq) {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        ByteBuffer h = at(0, Nl.NLMSG_HDRLEN);
        h.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        return Arrays.copyOf(buf, len);
    }
}
