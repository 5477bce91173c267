package dev.weft.net;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A 48-bit Ethernet hardware address, printed lower case with colons. */
public final class MacAddress {
    private static final Pattern TEXT = Pattern.compile("[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress parse(String text) {
        if (text == null || !TEXT.matcher(text).matches() || (text.contains(":") && text.contains("-"))) {
            throw new IllegalArgumentException("invalid MAC address: \"" + text + "\"");
        }
        return new MacAddress(HexFormat.of().parseHex(text.replaceAll("[:-]", "")));
    }

    public static MacAddress of(byte[] raw) {
        if (raw.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + raw.length);
        }
        return new MacAddress(raw.clone());
    }

    /** A random locally administered unicast address (as the kernel picks for veth). */
    public static MacAddress randomLocal() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        b[0] = (byte) ((b[0] & 0xfe) | 0x02);
        return new MacAddress(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isMulticast() {
        return (bytes[0] & 0x01) != 0;
    }

    public boolean isZero() {
        return Arrays.equals(bytes, new byte[6]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
