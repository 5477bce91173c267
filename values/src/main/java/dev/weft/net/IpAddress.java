package dev.weft.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address. Immutable; equality is by family and bytes.
 *
 * <p>Text form is canonical: dotted quad for IPv4, RFC 5952 (lower case, longest zero run
 * compressed) for IPv6. IPv4-mapped IPv6 literals ({@code ::ffff:a.b.c.d}) become IPv4, as in Go's
 * {@code net.ParseIP(...).To4()}, so the same host has one identity.
 */
public final class IpAddress implements Comparable<IpAddress> {

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses a literal; never resolves names. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid IP address: empty");
        }
        if (text.indexOf(':') < 0) {
            byte[] v4 = dottedQuad(text);
            if (v4 == null) {
                throw new IllegalArgumentException("invalid IP address: \"" + text + "\"");
            }
            return new IpAddress(v4);
        }
        if (text.indexOf('%') >= 0 || text.startsWith("[")) {
            throw new IllegalArgumentException("invalid IP address (zone or brackets not allowed): \"" + text + "\"");
        }
        // InetAddress.ofLiteral accepts groups of more than 4 digits ("00000::1") and leading zeros in an
        // embedded IPv4 tail ("::ffff:01.2.3.4"); both are junk here, as they are to Go's net.ParseIP.
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean ok = i == parts.length - 1 && p.indexOf('.') >= 0 ? dottedQuad(p) != null : p.length() <= 4;
            if (!ok) {
                throw new IllegalArgumentException("invalid IP address: \"" + text + "\"");
            }
        }
        return fromInet(literal(text));
    }

    /**
     * Four decimal octets 0-255 without leading zeros ("010" is refused, as Go's net.ParseIP
     * refuses it), or null. Hand-written: host-local parses every file name in its directory.
     */
    private static byte[] dottedQuad(String text) {
        byte[] out = new byte[4];
        int octet = 0;
        int i = 0;
        int n = text.length();
        while (octet < 4) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            out[octet++] = (byte) value;
            if (octet < 4) {
                if (i >= n || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == n ? out : null;
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid IP address: \"" + text + "\"", e);
        }
    }

    /** Parses {@code a.b.c.d} or {@code a.b.c.d/n}, keeping only the address (CNI's requested IPs). */
    public static IpAddress parseIgnoringPrefix(String text) {
        return text != null && text.contains("/") ? InterfaceAddress.parse(text).address() : parse(text);
    }

    /** Wraps 4 or 16 raw bytes (network order); a 16-byte IPv4-mapped address becomes IPv4. */
    public static IpAddress of(byte[] raw) {
        if (raw.length == 4) {
            return new IpAddress(raw.clone());
        }
        if (raw.length == 16) {
            if (isV4Mapped(raw)) {
                return new IpAddress(Arrays.copyOfRange(raw, 12, 16));
            }
            return new IpAddress(raw.clone());
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + raw.length);
    }

    /** The address with the given family-width bytes taken from a big-endian integer. */
    public static IpAddress ofBigInteger(BigInteger value, boolean v6) {
        int len = v6 ? 16 : 4;
        if (value.signum() < 0 || value.bitLength() > len * 8) {
            throw new IllegalArgumentException("value out of range for IPv" + (v6 ? 6 : 4) + ": " + value);
        }
        byte[] raw = value.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return new IpAddress(out);
    }

    public static IpAddress fromInet(InetAddress address) {
        return of(address.getAddress());
    }

    private static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    public boolean isV6() {
        return bytes.length == 16;
    }

    /** 32 or 128. */
    public int bitLength() {
        return bytes.length * 8;
    }

    /** A copy of the address bytes in network order. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public BigInteger toBigInteger() {
        return new BigInteger(1, bytes);
    }

    /** The address {@code delta} further on, in the same family; throws when it would wrap. */
    public IpAddress plus(long delta) {
        return ofBigInteger(toBigInteger().add(BigInteger.valueOf(delta)), isV6());
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: length is checked", e);
        }
    }

    public boolean isUnspecified() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (bytes.length != o.bytes.length) {
            return Integer.compare(bytes.length, o.bytes.length);
        }
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return isV4() ? formatV4() : formatV6();
    }

    private String formatV4() {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    private String formatV6() {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Whether this is an {@link Inet4Address}-family address; handy in switch guards. */
    public static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    /** Whether this is an {@link Inet6Address}-family address. */
    public static boolean isV6(InetAddress a) {
        return a instanceof Inet6Address;
    }
}
