package dev.weft.net;

/**
 * An address as configured on an interface, with its prefix length: {@code 10.1.0.5/24}. Unlike
 * {@link Cidr}, host bits are the point. This is the CNI result's {@code ips[].address}.
 */
public record InterfaceAddress(IpAddress address, int prefixLength) {
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("0|[1-9][0-9]{0,2}");

    public InterfaceAddress {
        if (address == null) {
            throw new IllegalArgumentException("address is required");
        }
        if (prefixLength < 0 || prefixLength > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address);
        }
    }

    /**
     * Parses {@code address/prefix}; the prefix is required and is a plain decimal: no sign, no
     * spaces, no leading zero ({@code /024} is refused, as Go's {@code net.ParseCIDR} refuses it,
     * rather than read as {@code /24}). {@link Cidr#parse} and {@link IpAddress#parseIgnoringPrefix}
     * parse prefixes here, so the rule holds for every CIDR weft reads.
     */
    public static InterfaceAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid CIDR: null");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR (no prefix length): \"" + text + "\"");
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (!PREFIX.matcher(len).matches()) {
            throw new IllegalArgumentException("invalid CIDR prefix length: \"" + text + "\"");
        }
        int prefix = Integer.parseInt(len);
        if (prefix > address.bitLength()) {
            throw new IllegalArgumentException("invalid CIDR prefix length " + prefix + ": \"" + text + "\"");
        }
        return new InterfaceAddress(address, prefix);
    }

    /** The network this address sits in. */
    public Cidr network() {
        return Cidr.of(address, prefixLength);
    }

    public boolean isV4() {
        return address.isV4();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
