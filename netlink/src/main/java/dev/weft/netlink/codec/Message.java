package dev.weft.netlink.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One received netlink message: header fields and the payload after the header. */
public record Message(int type, int flags, int seq, int pid, byte[] payload) {

    /** Splits a datagram into messages; a truncated or malformed one is an error, not a guess. */
    public static List<Message> parseAll(byte[] data, int length) {
        List<Message> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        int off = 0;
        while (off + Nl.NLMSG_HDRLEN <= length) {
            int len = b.getInt(off);
            if (len < Nl.NLMSG_HDRLEN || off + len > length) {
                throw new IllegalArgumentException("malformed netlink message: length " + len + " at offset " + off
                        + " of " + length);
            }
            out.add(new Message(b.getShort(off + 4) & 0xffff, b.getShort(off + 6) & 0xffff, b.getInt(off + 8),
                    b.getInt(off + 12), Arrays.copyOfRange(data, off + Nl.NLMSG_HDRLEN, off + len)));
            off += Nl.align(len);
        }
        return out;
    }

    public ByteBuffer buffer() {
        return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    }

    /** Attributes following a family struct of {@code structSize} bytes. */
    public Attrs attrs(int structSize) {
        return Attrs.parse(payload, Nl.align(structSize), payload.length);
    }
}
