package dev.weft.netlink.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Fixed-width encodings in host order, for family structs and attributes. */
public final class Bytes {
    private Bytes() {
    }

    public static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    public static byte[] u16(int v) {
        return allocate(2).putShort((short) v).array();
    }

    public static byte[] u32(int v) {
        return allocate(4).putInt(v).array();
    }
}
