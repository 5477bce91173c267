package dev.weft.dhcp.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable string of bytes: a hardware address, an option's value, the {@code sname} field.
 * Equality is by content, so packets holding them compare as values (a record with a
 * {@code byte[]} would compare arrays by identity).
 */
public final class Octets {
    public static final Octets EMPTY = new Octets(new byte[0]);

    private final byte[] bytes;

    private Octets(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Octets of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
    }

    /** {@code length} bytes of {@code data} from {@code offset}, copied. */
    public static Octets of(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Octets(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Hex digits, two per byte, optionally separated by colons or spaces. */
    public static Octets ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex.replaceAll("[:\\s]", "")));
    }

    /** The UTF-8 bytes of {@code text}. */
    public static Octets ofText(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The byte at {@code index}, 0-255. */
    public int at(int index) {
        return bytes[index] & 0xff;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** These bytes followed by {@code other}'s. */
    public Octets concat(Octets other) {
        byte[] b = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
        System.arraycopy(other.bytes, 0, b, bytes.length, other.bytes.length);
        return new Octets(b);
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive). */
    public Octets slice(int from, int to) {
        return of(bytes, from, to - from);
    }

    /** Without trailing zero bytes (how the fixed {@code sname}/{@code file} fields are padded). */
    public Octets trimTrailingZeros() {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return n == bytes.length ? this : of(bytes, 0, n);
    }

    /**
     * The bytes as text for a text option (host name, domain name, message): ISO-8859-1, which maps
     * every byte to a character and so never fails on what a server sends, without trailing NULs.
     */
    public String asText() {
        return new String(trimTrailingZeros().bytes, StandardCharsets.ISO_8859_1);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
