package dev.weft.netlink.link;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.MacAddress;

import java.nio.ByteBuffer;

/** Encodes link requests and decodes RTM_NEWLINK messages (uapi if_link.h). */
public final class LinkCodec {
    public static final int IFINFOMSG = 16;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MASTER = 10;
    static final int IFLA_PROTINFO = 12;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_IFALIAS = 20;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_BR_VLAN_FILTERING = 7;
    static final int IFLA_BRPORT_MODE = 4;
    static final int VETH_INFO_PEER = 1;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int IFLA_VXLAN_ID = 1;
    static final int IFLA_VXLAN_LINK = 3;
    static final int IFLA_VXLAN_LOCAL = 4;
    static final int IFLA_VXLAN_LEARNING = 7;
    static final int IFLA_VXLAN_PORT = 15;
    static final int IFLA_VXLAN_LOCAL6 = 17;

    private LinkCodec() {
    }

    /** The 16-byte ifinfomsg: family, type, index, flags, change mask. */
    public static byte[] ifinfomsg(int family, int index, int flags, int change) {
        return Bytes.allocate(IFINFOMSG).put((byte) family).put((byte) 0).putShort((short) 0).putInt(index)
                .putInt(flags).putInt(change).array();
    }

    /** RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL for a spec. */
    public static MessageBuilder create(LinkSpec spec) {
        MessageBuilder m = new MessageBuilder(Nl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL);
        m.struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
        m.string(IFLA_IFNAME, spec.name().value());
        if (spec.mtu() > 0) {
            m.u32(IFLA_MTU, spec.mtu());
        }
        switch (spec) {
            case LinkSpec.Bridge b -> {
                // Only ask for VLAN filtering when wanted: kernels built without it refuse the attribute.
                m.beginNested(IFLA_LINKINFO).string(IFLA_INFO_KIND, "bridge");
                if (b.vlanFiltering()) {
                    m.beginNested(IFLA_INFO_DATA).u8(IFLA_BR_VLAN_FILTERING, 1).endNested();
                }
                m.endNested();
            }
            case LinkSpec.Veth v -> {
                m.beginNested(IFLA_LINKINFO).string(IFLA_INFO_KIND, "veth");
                m.beginNested(IFLA_INFO_DATA).beginNested(VETH_INFO_PEER);
                m.struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
                m.string(IFLA_IFNAME, v.peerName().value());
                if (v.mtu() > 0) {
                    m.u32(IFLA_MTU, v.mtu());
                }
                if (v.peerNsFd() >= 0) {
                    m.u32(IFLA_NET_NS_FD, v.peerNsFd());
                }
                m.endNested().endNested().endNested();
            }
            case LinkSpec.Macvlan mv -> {
                m.u32(IFLA_LINK, mv.parentIndex());
                if (mv.nsFd() >= 0) {
                    m.u32(IFLA_NET_NS_FD, mv.nsFd());
                }
                m.beginNested(IFLA_LINKINFO).string(IFLA_INFO_KIND, "macvlan");
                m.beginNested(IFLA_INFO_DATA).u32(IFLA_MACVLAN_MODE, mv.mode()).endNested();
                m.endNested();
            }
            case LinkSpec.Vxlan x -> {
                m.beginNested(IFLA_LINKINFO).string(IFLA_INFO_KIND, "vxlan");
                m.beginNested(IFLA_INFO_DATA).u32(IFLA_VXLAN_ID, x.vni());
                if (x.local() != null) {
                    m.attr(x.local().isV4() ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, x.local().bytes());
                }
                if (x.parentIndex() > 0) {
                    m.u32(IFLA_VXLAN_LINK, x.parentIndex());
                }
                m.u8(IFLA_VXLAN_LEARNING, x.learning() ? 1 : 0).be16(IFLA_VXLAN_PORT, x.port());
                m.endNested().endNested();
            }
            case LinkSpec.Other o -> m.beginNested(IFLA_LINKINFO).string(IFLA_INFO_KIND, o.kind()).endNested();
        }
        return m;
    }

    /** RTM_SETLINK (by index) carrying flags and attributes the caller adds. */
    public static MessageBuilder set(int index, int flags, int change) {
        MessageBuilder m = new MessageBuilder(Nl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK);
        return m.struct(ifinfomsg(Nl.AF_UNSPEC, index, flags, change));
    }

    /** Hairpin on a bridge port: IFLA_PROTINFO/IFLA_BRPORT_MODE in an AF_BRIDGE RTM_SETLINK. */
    public static MessageBuilder hairpin(int index, boolean on) {
        MessageBuilder m = new MessageBuilder(Nl.RTM_SETLINK, Nl.F_REQUEST | Nl.F_ACK);
        m.struct(ifinfomsg(Nl.AF_BRIDGE, index, 0, 0));
        return m.beginNested(IFLA_PROTINFO).u8(IFLA_BRPORT_MODE, on ? 1 : 0).endNested();
    }

    static final int IFLA_AF_SPEC = 26;
    static final int IFLA_BRIDGE_VLAN_INFO = 2;
    static final int BRIDGE_VLAN_INFO_PVID = 1 << 1;
    static final int BRIDGE_VLAN_INFO_UNTAGGED = 1 << 2;

    /**
     * A VLAN on a bridge port (needs VLAN filtering on the bridge): RTM_SETLINK (add) or
     * RTM_DELLINK (remove) in AF_BRIDGE with IFLA_AF_SPEC/IFLA_BRIDGE_VLAN_INFO {flags, vid}.
     * {@code pvidUntagged} makes it the port's untagged access VLAN.
     */
    public static MessageBuilder portVlan(int index, int vid, boolean pvidUntagged, boolean add) {
        MessageBuilder m = new MessageBuilder(add ? Nl.RTM_SETLINK : Nl.RTM_DELLINK, Nl.F_REQUEST | Nl.F_ACK);
        m.struct(ifinfomsg(Nl.AF_BRIDGE, index, 0, 0));
        int flags = pvidUntagged ? BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED : 0;
        byte[] info = Bytes.allocate(4).putShort((short) flags).putShort((short) vid).array();
        return m.beginNested(IFLA_AF_SPEC).attr(IFLA_BRIDGE_VLAN_INFO, info).endNested();
    }

    public static MessageBuilder get(String name) {
        return new MessageBuilder(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_ACK)
                .struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0)).string(IFLA_IFNAME, name);
    }

    public static MessageBuilder get(int index) {
        return new MessageBuilder(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_ACK).struct(ifinfomsg(Nl.AF_UNSPEC, index, 0, 0));
    }

    public static MessageBuilder dump() {
        return new MessageBuilder(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_DUMP).struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
    }

    public static MessageBuilder delete(int index) {
        return new MessageBuilder(Nl.RTM_DELLINK, Nl.F_REQUEST | Nl.F_ACK).struct(ifinfomsg(Nl.AF_UNSPEC, index, 0, 0));
    }

    public static LinkInfo decode(Message m) {
        ByteBuffer b = m.buffer();
        int index = b.getInt(4);
        int flags = b.getInt(8);
        Attrs a = m.attrs(IFINFOMSG);
        Attrs info = a.nested(IFLA_LINKINFO).orElse(null);
        String kind = info == null ? "" : info.string(IFLA_INFO_KIND).orElse("");
        MacAddress mac = a.get(IFLA_ADDRESS).filter(v -> v.length == 6).map(MacAddress::of).orElse(null);
        return new LinkInfo(index, a.string(IFLA_IFNAME).orElse(""), kind, mac, a.u32(IFLA_MTU).orElse(0), flags,
                a.u32(IFLA_MASTER).orElse(0), a.u32(IFLA_LINK).orElse(0), a.string(IFLA_IFALIAS).orElse(""),
                operState(a.u8(IFLA_OPERSTATE).orElse(0)));
    }

    private static String operState(int v) {
        return switch (v) {
            case 2 -> "DOWN";
            case 5 -> "DORMANT";
            case 6 -> "UP";
            case 7 -> "LOWERLAYERDOWN";
            default -> "UNKNOWN";
        };
    }
}
