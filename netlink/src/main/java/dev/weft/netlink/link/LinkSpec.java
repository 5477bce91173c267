package dev.weft.netlink.link;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.util.Objects;

/**
 * A device to create, one record per kind; {@link LinkCodec} holds the one exhaustive encoding
 * and {@link LinkDecoder} reads the same shape back from the kernel. {@code mtu} 0 leaves the
 * kernel's default. A namespace is given as an open file descriptor ({@code -1}: the handle's
 * own namespace) so that the device is created straight inside it.
 */
public sealed interface LinkSpec permits LinkSpec.Bridge, LinkSpec.Veth, LinkSpec.Macvlan, LinkSpec.Vxlan,
        LinkSpec.Ifb, LinkSpec.Generic {

    /** The device's name. */
    InterfaceName name();

    /** The MTU to create it with, 0 for the kernel's default. */
    int mtu();

    /** The kind's name as the kernel knows it ({@code IFLA_INFO_KIND}). */
    default String kind() {
        return switch (this) {
            case Bridge b -> "bridge";
            case Veth v -> "veth";
            case Macvlan m -> "macvlan";
            case Vxlan x -> "vxlan";
            case Ifb i -> "ifb";
            case Generic g -> g.kindName();
        };
    }

    /** A Linux bridge; VLAN filtering needs a kernel built with it (this CI kernel is not). */
    record Bridge(InterfaceName name, int mtu, boolean vlanFiltering) implements LinkSpec {
        public Bridge {
            Objects.requireNonNull(name, "name");
        }

        /** A bridge with the default MTU and no VLAN filtering. */
        public static Bridge named(String name) {
            return new Bridge(InterfaceName.of(name), 0, false);
        }
    }

    /**
     * A veth pair; the peer is created directly in the namespace open at {@code peerNsFd} (-1:
     * same namespace), with the hardware address {@code peerMac} ({@code null}: a random one of the
     * kernel's). Decoded from a dump, {@code peerName} is {@code null}: the kernel reports only
     * the peer's index ({@link LinkInfo#parent()}). Choosing the peer's MAC here is what lets a
     * caller know the peer without asking its namespace after creating it.
     */
    record Veth(InterfaceName name, int mtu, InterfaceName peerName, int peerNsFd, MacAddress peerMac)
            implements LinkSpec {
        public Veth {
            Objects.requireNonNull(name, "name");
        }

        /** With the kernel choosing the peer's MAC. */
        public Veth(InterfaceName name, int mtu, InterfaceName peerName, int peerNsFd) {
            this(name, mtu, peerName, peerNsFd, null);
        }
    }

    /** A macvlan on {@code parentIndex}, created in the namespace at {@code nsFd} (-1: here). */
    record Macvlan(InterfaceName name, int mtu, int parentIndex, MacvlanMode mode, int nsFd) implements LinkSpec {
        public Macvlan {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mode, "mode");
        }

        /** With the mode as the kernel's number ({@code MACVLAN_MODE_*}). */
        public Macvlan(InterfaceName name, int mtu, int parentIndex, int mode, int nsFd) {
            this(name, mtu, parentIndex, MacvlanMode.of(mode), nsFd);
        }
    }

    /**
     * A VXLAN device: {@code vni}, the {@code local} source address (or null), the UDP destination
     * {@code port} (0: the kernel's default, 8472), address {@code learning}, and the underlay
     * device {@code parentIndex} (0: none).
     */
    record Vxlan(InterfaceName name, int mtu, int vni, IpAddress local, int port, boolean learning,
                 int parentIndex) implements LinkSpec {
        public Vxlan {
            Objects.requireNonNull(name, "name");
            if (vni < 0 || vni > 0xffffff) {
                throw new IllegalArgumentException("VNI " + vni + " is not 24 bits");
            }
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port " + port + " out of range");
            }
        }
    }

    /**
     * An intermediate functional block: a device whose egress is where packets redirected to it
     * (by a tc {@code mirred} action) get queued and shaped before they go on where they were going.
     */
    record Ifb(InterfaceName name, int mtu) implements LinkSpec {
        public Ifb {
            Objects.requireNonNull(name, "name");
        }

        /** An IFB with the default MTU. */
        public static Ifb named(String name) {
            return new Ifb(InterfaceName.of(name), 0);
        }
    }

    /**
     * A kind weft has no model for (e.g. dummy, ipvlan, loopback as reported); the kernel decides
     * whether it exists, and an unknown kind is a {@link dev.weft.netlink.socket.NetlinkException.NotSupportedException}.
     */
    record Generic(InterfaceName name, int mtu, String kindName) implements LinkSpec {
        public Generic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kindName, "kindName");
        }
    }
}
