package dev.weft.plugins.firewall;

import dev.weft.net.IpAddress;
import dev.weft.nft.Family;
import dev.weft.nft.Transaction;

import java.util.List;

/**
 * A forward chain of the host's own firewall that weft-firewall adds its accepts to (through a
 * jump to a chain of its own in that table), e.g. iptables-nft's {@code ip filter FORWARD}.
 * Written {@code "FAMILY TABLE CHAIN"}.
 */
record HostChain(Family family, String table, String chain) {
    /** iptables-nft's and ip6tables-nft's FORWARD chains: used by default, where they exist. */
    static final List<HostChain> IPTABLES = List.of(new HostChain(Family.IP, "filter", "FORWARD"),
            new HostChain(Family.IP6, "filter", "FORWARD"));

    HostChain {
        if (family != Family.IP && family != Family.IP6 && family != Family.INET) {
            throw new IllegalArgumentException("family must be ip, ip6 or inet, not " + family.text());
        }
        Transaction.name(table);
        Transaction.name(chain);
    }

    /** Parses {@code "ip filter FORWARD"}; the message says what is wrong. */
    static HostChain parse(String text) {
        String[] w = text.strip().split("\\s+");
        if (w.length != 3) {
            throw new IllegalArgumentException("\"" + text + "\" is not \"FAMILY TABLE CHAIN\" (e.g. \"inet filter forward\")");
        }
        Family f = switch (w[0]) {
            case "ip" -> Family.IP;
            case "ip6" -> Family.IP6;
            case "inet" -> Family.INET;
            default -> throw new IllegalArgumentException("\"" + text + "\": the family must be ip, ip6 or inet");
        };
        try {
            return new HostChain(f, w[1], w[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** Whether this chain's family sees packets of {@code a}'s family. */
    boolean carries(IpAddress a) {
        return family == Family.INET || (family == Family.IP) == a.isV4();
    }

    @Override
    public String toString() {
        return family.text() + " " + table + " " + chain;
    }
}
