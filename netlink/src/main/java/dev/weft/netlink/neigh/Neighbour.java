package dev.weft.netlink.neigh;

import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

/**
 * A neighbour or FDB entry. For ARP/NDP, {@code ip} is the neighbour and {@code mac} its address.
 * For FDB entries ({@link Kind#FDB_SELF}/{@link Kind#FDB_MASTER}), {@code mac} is the station
 * and {@code ip} the remote VTEP (VXLAN) or null.
 */
public record Neighbour(Kind kind, int ifIndex, IpAddress ip, MacAddress mac, int state) {
    /** NUD_REACHABLE. */
    public static final int NUD_REACHABLE = 0x02;
    /** NUD_NOARP (a static FDB entry). */
    public static final int NUD_NOARP = 0x40;
    /** NUD_PERMANENT. */
    public static final int NUD_PERMANENT = 0x80;

    public Neighbour {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == Kind.NEIGHBOUR && ip == null) {
            throw new IllegalArgumentException("a neighbour entry needs an IP address");
        }
    }

    /** Which table the entry lives in. */
    public enum Kind { NEIGHBOUR, FDB_SELF, FDB_MASTER }

    /** A permanent ARP (v4) or NDP (v6) entry. */
    public static Neighbour permanent(int ifIndex, IpAddress ip, MacAddress mac) {
        return new Neighbour(Kind.NEIGHBOUR, ifIndex, ip, mac, NUD_PERMANENT);
    }

    /** A VXLAN FDB entry: frames for {@code mac} go to VTEP {@code remote}. */
    public static Neighbour vxlanFdb(int vxlanIndex, MacAddress mac, IpAddress remote) {
        return new Neighbour(Kind.FDB_SELF, vxlanIndex, remote, mac, NUD_PERMANENT | NUD_NOARP);
    }

    /** A static entry in a bridge's FDB for a port ({@code master}) or the device's own ({@code self}). */
    public static Neighbour bridgeFdb(int portIndex, MacAddress mac, boolean master) {
        return new Neighbour(master ? Kind.FDB_MASTER : Kind.FDB_SELF, portIndex, null, mac, NUD_PERMANENT | NUD_NOARP);
    }
}
