package dev.weft.netlink.link;

/** Link attribute numbers from uapi if_link.h, shared by the encoder and the decoder. */
final class Ifla {
    private Ifla() {
    }

    static final int ADDRESS = 1;
    static final int IFNAME = 3;
    static final int MTU = 4;
    static final int LINK = 5;
    static final int MASTER = 10;
    static final int TXQLEN = 13;
    static final int PROTINFO = 12;
    static final int OPERSTATE = 16;
    static final int LINKINFO = 18;
    static final int IFALIAS = 20;
    static final int AF_SPEC = 26;
    static final int NET_NS_FD = 28;

    /** AF_INET6 inside IFLA_AF_SPEC, and its IFLA_INET6_ADDR_GEN_MODE (u8). */
    static final int AF_INET6 = 10;
    static final int INET6_ADDR_GEN_MODE = 8;

    static final int INFO_KIND = 1;
    static final int INFO_DATA = 2;

    static final int BR_VLAN_FILTERING = 7;
    static final int BRPORT_MODE = 4;
    static final int BRIDGE_VLAN_INFO = 2;
    static final int BRIDGE_VLAN_INFO_PVID = 1 << 1;
    static final int BRIDGE_VLAN_INFO_UNTAGGED = 1 << 2;

    static final int VETH_INFO_PEER = 1;
    static final int MACVLAN_MODE = 1;

    static final int VXLAN_ID = 1;
    static final int VXLAN_LINK = 3;
    static final int VXLAN_LOCAL = 4;
    static final int VXLAN_LEARNING = 7;
    static final int VXLAN_PORT = 15;
    static final int VXLAN_LOCAL6 = 17;
}
