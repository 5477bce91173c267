package dev.weft.netlink.link;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;

/** A device to create. {@code mtu} 0 leaves the kernel's default. */
public sealed interface LinkSpec permits LinkSpec.Bridge, LinkSpec.Veth, LinkSpec.Macvlan, LinkSpec.Vxlan,
        LinkSpec.Other {

    InterfaceName name();

    int mtu();

    /** A Linux bridge. */
    record Bridge(InterfaceName name, int mtu, boolean vlanFiltering) implements LinkSpec {
    }

    /** A veth pair; the peer is created directly in the namespace open at {@code peerNsFd} (-1: same). */
    record Veth(InterfaceName name, int mtu, InterfaceName peerName, int peerNsFd) implements LinkSpec {
    }

    /** A macvlan on {@code parentIndex}, created in the namespace at {@code nsFd} (-1: here). */
    record Macvlan(InterfaceName name, int mtu, int parentIndex, int mode, int nsFd) implements LinkSpec {
    }

    /** A VXLAN device. */
    record Vxlan(InterfaceName name, int mtu, int vni, IpAddress local, int port, boolean learning,
                 int parentIndex) implements LinkSpec {
    }

    /** A kind weft has no model for (e.g. dummy); the kernel decides whether it exists. */
    record Other(InterfaceName name, int mtu, String kind) implements LinkSpec {
    }
}
