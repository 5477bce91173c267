package dev.weft.netlink.link;

import dev.weft.net.MacAddress;

/**
 * A device as the kernel reports it. {@code kind} is "" for devices without IFLA_INFO_KIND;
 * {@code master}/{@code parent} are 0 when absent; {@code mac} may be null (tunnels without L2).
 */
public record LinkInfo(int index, String name, String kind, MacAddress mac, int mtu, int flags, int master,
                       int parent, String alias, String operState) {
    public static final int IFF_UP = 1;
    public static final int IFF_PROMISC = 0x100;

    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    public boolean isPromisc() {
        return (flags & IFF_PROMISC) != 0;
    }
}
