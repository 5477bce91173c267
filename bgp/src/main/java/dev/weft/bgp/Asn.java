package dev.weft.bgp;

/**
 * A BGP autonomous system number: 1 to 4294967295 (4-octet ASNs, RFC 6793). 0 is reserved
 * (RFC 7607) and refused; so is anything that does not fit in 32 bits.
 */
public record Asn(long value) implements Comparable<Asn> {
    /** The largest 4-octet AS number. */
    public static final long MAX = 4_294_967_295L;
    /** The cluster's AS when none is given: the first private 2-octet AS, as Calico uses. */
    public static final Asn DEFAULT = new Asn(64512);

    public Asn {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("as: must be 1.." + MAX + ", got " + value);
        }
    }

    /** Parses a plain decimal AS number ("64512"); {@code field} names the input in errors. */
    public static Asn parse(String text, String field) {
        if (text == null || !text.strip().matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException(field + ": not an AS number (1.." + MAX + "): \"" + text + "\"");
        }
        long v = Long.parseLong(text.strip());
        if (v < 1 || v > MAX) {
            throw new IllegalArgumentException(field + ": must be 1.." + MAX + ", got " + v);
        }
        return new Asn(v);
    }

    @Override
    public int compareTo(Asn o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
