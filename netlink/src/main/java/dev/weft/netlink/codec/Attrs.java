package dev.weft.netlink.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parsed attributes of one level: type → raw values (a type may repeat, as in multipath). */
public final class Attrs {
    private final Map<Integer, List<byte[]>> values;

    private Attrs(Map<Integer, List<byte[]>> values) {
        this.values = values;
    }

    public static Attrs parse(byte[] data, int from, int to) {
        Map<Integer, List<byte[]>> m = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int off = from;
        while (off + 4 <= to) {
            int len = b.getShort(off) & 0xffff;
            int type = b.getShort(off + 2) & Nl.NLA_TYPE_MASK;
            if (len < 4 || off + len > to) {
                throw new IllegalArgumentException("malformed attribute: length " + len + " at offset " + off);
            }
            m.computeIfAbsent(type, k -> new ArrayList<>()).add(Arrays.copyOfRange(data, off + 4, off + len));
            off += Nl.align(len);
        }
        return new Attrs(m);
    }

    public static Attrs parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    public Optional<byte[]> get(int type) {
        List<byte[]> l = values.get(type);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    public List<byte[]> all(int type) {
        return values.getOrDefault(type, List.of());
    }

    public boolean has(int type) {
        return values.containsKey(type);
    }

    public Optional<Attrs> nested(int type) {
        return get(type).map(Attrs::parse);
    }

    public Optional<String> string(int type) {
        return get(type).map(v -> {
            int end = 0;
            while (end < v.length && v[end] != 0) {
                end++;
            }
            return new String(v, 0, end, StandardCharsets.UTF_8);
        });
    }

    public Optional<Integer> u8(int type) {
        return get(type).filter(v -> v.length >= 1).map(v -> v[0] & 0xff);
    }

    public Optional<Integer> u16(int type) {
        return get(type).filter(v -> v.length >= 2).map(v -> ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getShort() & 0xffff);
    }

    public Optional<Integer> be16(int type) {
        return get(type).filter(v -> v.length >= 2).map(v -> ((v[0] & 0xff) << 8) | (v[1] & 0xff));
    }

    public Optional<Integer> u32(int type) {
        return get(type).filter(v -> v.length >= 4).map(v -> ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt());
    }
}
