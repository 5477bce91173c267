package dev.weft.netlink.link;

import dev.weft.net.MacAddress;

/**
 * A device as the kernel reports it. {@code kind} is "" for devices without IFLA_INFO_KIND (lo,
 * physical NICs); {@code master}/{@code parent} are 0 when absent ({@code parent} is IFLA_LINK:
 * a veth's peer, a macvlan's lower device); {@code mac} may be null (devices without L2).
 * {@code spec} is the kind-specific part decoded into the same record weft creates devices from
 * (a {@link LinkSpec.Generic} for kinds without a model).
 */
public record LinkInfo(int index, String name, String kind, MacAddress mac, int mtu, int flags, int master,
                       int parent, String alias, String operState, LinkSpec spec) {
    /** IFF_UP: administratively up. */
    public static final int IFF_UP = 1;
    /** IFF_PROMISC. */
    public static final int IFF_PROMISC = 0x100;
    /** IFF_ALLMULTI: receives every multicast frame. */
    public static final int IFF_ALLMULTI = 0x200;
    /** IFF_LOWER_UP: the carrier is on. */
    public static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up. */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** In promiscuous mode. */
    public boolean isPromisc() {
        return (flags & IFF_PROMISC) != 0;
    }

    /** In all-multicast mode. */
    public boolean isAllmulti() {
        return (flags & IFF_ALLMULTI) != 0;
    }
}
