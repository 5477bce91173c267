package dev.weft.netlink.conntrack;

import dev.weft.net.IpAddress;

/** The two address families conntrack tables are kept in, with their kernel numbers. */
public enum IpFamily {
    /** AF_INET / NFPROTO_IPV4. */
    IPV4(2),
    /** AF_INET6 / NFPROTO_IPV6. */
    IPV6(10);

    private final int value;

    IpFamily(int value) {
        this.value = value;
    }

    /** The kernel's number (nfgen_family). */
    public int value() {
        return value;
    }

    /** The family of {@code a}. */
    public static IpFamily of(IpAddress a) {
        return a.isV4() ? IPV4 : IPV6;
    }

    /** The family with the kernel's number {@code value}. */
    public static IpFamily of(int value) {
        for (IpFamily f : values()) {
            if (f.value == value) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown address family " + value);
    }
}
