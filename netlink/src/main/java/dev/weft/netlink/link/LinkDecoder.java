package dev.weft.netlink.link;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Message;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.nio.ByteBuffer;

/**
 * Reads RTM_NEWLINK into {@link LinkInfo}, including the kind-specific {@link LinkSpec}. It reads
 * the kernel's replies and weft's own requests alike (a request carries a veth's peer and a
 * namespace fd, a reply does not), which is what makes the link encoding round-trip testable.
 */
final class LinkDecoder {
    private LinkDecoder() {
    }

    static LinkInfo decode(Message m) {
        ByteBuffer b = m.buffer();
        int index = b.getInt(4);
        int flags = b.getInt(8);
        Attrs a = m.attrs(LinkCodec.IFINFOMSG);
        Attrs info = a.nested(Ifla.LINKINFO).orElse(null);
        String kind = info == null ? "" : info.string(Ifla.INFO_KIND).orElse("");
        Attrs data = info == null ? null : info.nested(Ifla.INFO_DATA).orElse(null);
        MacAddress mac = a.get(Ifla.ADDRESS).filter(v -> v.length == 6).map(MacAddress::of).orElse(null);
        String name = a.string(Ifla.IFNAME).orElse("");
        int mtu = a.u32(Ifla.MTU).orElse(0);
        int parent = a.u32(Ifla.LINK).orElse(0);
        LinkSpec spec = spec(kind, name, mtu, parent, a.u32(Ifla.NET_NS_FD).orElse(-1), data);
        return new LinkInfo(index, name, kind, mac, mtu, flags, a.u32(Ifla.MASTER).orElse(0), parent,
                a.string(Ifla.IFALIAS).orElse(""), operState(a.u8(Ifla.OPERSTATE).orElse(0)), spec);
    }

    private static LinkSpec spec(String kind, String nameText, int mtu, int parent, int nsFd, Attrs data) {
        InterfaceName name = nameText.isEmpty() ? null : safeName(nameText);
        if (name == null) {
            return null;
        }
        Attrs d = data == null ? Attrs.parse(new byte[0]) : data;
        return switch (kind) {
            case "bridge" -> new LinkSpec.Bridge(name, mtu, d.u8(Ifla.BR_VLAN_FILTERING).orElse(0) != 0);
            case "veth" -> veth(name, mtu, d);
            case "macvlan" -> new LinkSpec.Macvlan(name, mtu, parent,
                    d.u32(Ifla.MACVLAN_MODE).map(LinkDecoder::mode).orElse(MacvlanMode.VEPA), nsFd);
            case "vxlan" -> new LinkSpec.Vxlan(name, mtu, d.u32(Ifla.VXLAN_ID).orElse(0),
                    d.get(Ifla.VXLAN_LOCAL).or(() -> d.get(Ifla.VXLAN_LOCAL6)).map(IpAddress::of).orElse(null),
                    d.be16(Ifla.VXLAN_PORT).orElse(0), d.u8(Ifla.VXLAN_LEARNING).orElse(1) != 0,
                    d.u32(Ifla.VXLAN_LINK).orElse(0));
            case "ifb" -> new LinkSpec.Ifb(name, mtu);
            default -> new LinkSpec.Generic(name, mtu, kind);
        };
    }

    private static MacvlanMode mode(int v) {
        try {
            return MacvlanMode.of(v);
        } catch (IllegalArgumentException e) {
            return MacvlanMode.VEPA;
        }
    }

    private static LinkSpec.Veth veth(InterfaceName name, int mtu, Attrs data) {
        byte[] peer = data.get(Ifla.VETH_INFO_PEER).orElse(null);
        if (peer == null || peer.length < LinkCodec.IFINFOMSG) {
            return new LinkSpec.Veth(name, mtu, null, -1);
        }
        Attrs p = Attrs.parse(peer, LinkCodec.IFINFOMSG, peer.length);
        return new LinkSpec.Veth(name, mtu, p.string(Ifla.IFNAME).map(LinkDecoder::safeName).orElse(null),
                p.u32(Ifla.NET_NS_FD).orElse(-1), p.get(Ifla.ADDRESS).filter(v -> v.length == 6).map(MacAddress::of)
                        .orElse(null));
    }

    /** Kernel names always fit; a malformed one is kept out of the spec rather than thrown. */
    private static InterfaceName safeName(String s) {
        try {
            return InterfaceName.of(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String operState(int v) {
        return switch (v) {
            case 1 -> "NOTPRESENT";
            case 2 -> "DOWN";
            case 3 -> "LOWERLAYERDOWN";
            case 4 -> "TESTING";
            case 5 -> "DORMANT";
            case 6 -> "UP";
            default -> "UNKNOWN";
        };
    }
}
