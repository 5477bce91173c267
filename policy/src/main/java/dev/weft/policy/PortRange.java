package dev.weft.policy;

/** An inclusive range of transport ports; a single port is a range of one. */
public record PortRange(int first, int last) implements Comparable<PortRange> {
    public PortRange {
        checkPort("port", first);
        checkPort("endPort", last);
        if (last < first) {
            throw new IllegalArgumentException("endPort " + last + " is below port " + first);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is out of range 1-65535");
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public int compareTo(PortRange o) {
        int c = Integer.compare(first, o.first);
        return c != 0 ? c : Integer.compare(last, o.last);
    }

    /** {@code 80} or {@code 80-90}, the nftables and human spelling. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
