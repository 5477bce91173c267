package dev.weft.net;

import java.math.BigInteger;

/**
 * A network: base address with all host bits zero, and a prefix length.
 * {@link #parse} rejects host bits (the spec's subnets and route destinations);
 * {@link #parseMasked} clears them for inputs that are conventionally lenient.
 */
public record Cidr(IpAddress network, int prefixLength) implements Comparable<Cidr> {

    public Cidr {
        if (network == null) {
            throw new IllegalArgumentException("CIDR network is required");
        }
        if (prefixLength < 0 || prefixLength > network.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + network);
        }
        if (!mask(network, prefixLength).equals(network)) {
            throw new IllegalArgumentException("CIDR " + network + "/" + prefixLength
                    + " has host bits set (did you mean " + mask(network, prefixLength) + "/" + prefixLength + "?)");
        }
    }

    /** Parses {@code a.b.c.d/n} or {@code x::/n}; host bits are an error. */
    public static Cidr parse(String text) {
        InterfaceAddress a = InterfaceAddress.parse(text);
        return new Cidr(a.address(), a.prefixLength());
    }

    /** Parses and clears host bits, as Go's {@code net.ParseCIDR} does for its network. */
    public static Cidr parseMasked(String text) {
        return InterfaceAddress.parse(text).network();
    }

    public static Cidr of(IpAddress anyAddress, int prefixLength) {
        return new Cidr(mask(anyAddress, prefixLength), prefixLength);
    }

    /** The /32 or /128 holding just this address. */
    public static Cidr host(IpAddress address) {
        return new Cidr(address, address.bitLength());
    }

    static IpAddress mask(IpAddress address, int prefixLength) {
        byte[] b = address.bytes();
        for (int i = 0; i < b.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
            b[i] &= (byte) (0xff << (8 - bitsHere));
        }
        return IpAddress.of(b);
    }

    public boolean isV4() {
        return network.isV4();
    }

    public boolean contains(IpAddress address) {
        return address.bitLength() == network.bitLength() && mask(address, prefixLength).equals(network);
    }

    /** Whether {@code other} lies wholly inside this network. */
    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The last address of the range (the IPv4 broadcast address). */
    public IpAddress last() {
        BigInteger hostMask = BigInteger.ONE.shiftLeft(network.bitLength() - prefixLength).subtract(BigInteger.ONE);
        return IpAddress.ofBigInteger(network.toBigInteger().or(hostMask), network.isV6());
    }

    /** Number of addresses in the range. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.bitLength() - prefixLength);
    }

    @Override
    public int compareTo(Cidr o) {
        int c = network.compareTo(o.network);
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
