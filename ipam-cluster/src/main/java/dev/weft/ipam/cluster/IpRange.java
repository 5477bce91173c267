package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.math.BigInteger;

/** An inclusive address range {@code first-last} of one family (a pool's excluded addresses). */
public record IpRange(IpAddress first, IpAddress last) {
    public IpRange {
        if (first == null || last == null) {
            throw new IllegalArgumentException("range needs a first and a last address");
        }
        if (first.isV4() != last.isV4()) {
            throw new IllegalArgumentException("range " + first + "-" + last + " mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range " + first + "-" + last + " ends before it starts");
        }
    }

    /** {@code a.b.c.d-e.f.g.h}, a CIDR, or a single address. */
    public static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("range is empty");
        }
        int dash = text.indexOf('-');
        if (dash >= 0) {
            return new IpRange(IpAddress.parse(text.substring(0, dash).strip()), IpAddress.parse(text.substring(dash + 1).strip()));
        }
        if (text.contains("/")) {
            return of(Cidr.parse(text));
        }
        IpAddress one = IpAddress.parse(text);
        return new IpRange(one, one);
    }

    public static IpRange of(Cidr cidr) {
        return new IpRange(cidr.network(), cidr.last());
    }

    public boolean contains(IpAddress ip) {
        return ip.isV4() == first.isV4() && first.compareTo(ip) <= 0 && ip.compareTo(last) <= 0;
    }

    public boolean within(Cidr cidr) {
        return cidr.contains(first) && cidr.contains(last);
    }

    public BigInteger size() {
        return last.toBigInteger().subtract(first.toBigInteger()).add(BigInteger.ONE);
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
