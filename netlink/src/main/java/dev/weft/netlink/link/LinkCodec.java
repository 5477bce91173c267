package dev.weft.netlink.link;

import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;

/** Encodes link requests (uapi if_link.h); {@link LinkDecoder} reads RTM_NEWLINK back. */
public final class LinkCodec {
    /** sizeof(struct ifinfomsg). */
    public static final int IFINFOMSG = 16;

    private LinkCodec() {
    }

    /** The 16-byte ifinfomsg: family, type, index, flags, change mask. */
    public static byte[] ifinfomsg(int family, int index, int flags, int change) {
        return Bytes.allocate(IFINFOMSG).put((byte) family).put((byte) 0).putShort((short) 0).putInt(index)
                .putInt(flags).putInt(change).array();
    }

    /** RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL for a spec. */
    public static MessageBuilder create(LinkSpec spec) {
        return create(spec, 0, false, false);
    }

    /**
     * RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL for a spec, made administratively {@code up} (the
     * ifinfomsg's flags, as {@code ip link add ... up}) and a port of {@code master} (IFLA_MASTER;
     * 0: none) in the same request; with {@code echo}, NLM_F_ECHO asks the kernel to send the new
     * device back (Linux 6.3+; older kernels only ACK).
     */
    public static MessageBuilder create(LinkSpec spec, int master, boolean up, boolean echo) {
        int flags = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL | (echo ? Nl.F_ECHO : 0);
        MessageBuilder m = new MessageBuilder(Nl.RTM_NEWLINK, flags);
        m.struct(ifinfomsg(Nl.AF_UNSPEC, 0, up ? LinkInfo.IFF_UP : 0, up ? LinkInfo.IFF_UP : 0));
        m.string(Ifla.IFNAME, spec.name().value());
        if (spec.mtu() > 0) {
            m.u32(Ifla.MTU, spec.mtu());
        }
        if (master > 0) {
            m.u32(Ifla.MASTER, master);
        }
        switch (spec) {
            case LinkSpec.Bridge b -> {
                // Only ask for VLAN filtering when wanted: kernels built without it refuse the attribute.
                m.beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, "bridge");
                if (b.vlanFiltering()) {
                    m.beginNested(Ifla.INFO_DATA).u8(Ifla.BR_VLAN_FILTERING, 1).endNested();
                }
                m.endNested();
            }
            case LinkSpec.Veth v -> {
                m.beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, "veth");
                m.beginNested(Ifla.INFO_DATA).beginNested(Ifla.VETH_INFO_PEER);
                m.struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
                m.string(Ifla.IFNAME, v.peerName().value());
                if (v.mtu() > 0) {
                    m.u32(Ifla.MTU, v.mtu());
                }
                if (v.peerNsFd() >= 0) {
                    m.u32(Ifla.NET_NS_FD, v.peerNsFd());
                }
                if (v.peerMac() != null) {
                    m.attr(Ifla.ADDRESS, v.peerMac().bytes());
                }
                m.endNested().endNested().endNested();
            }
            case LinkSpec.Macvlan mv -> {
                m.u32(Ifla.LINK, mv.parentIndex());
                if (mv.nsFd() >= 0) {
                    m.u32(Ifla.NET_NS_FD, mv.nsFd());
                }
                m.beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, "macvlan");
                m.beginNested(Ifla.INFO_DATA).u32(Ifla.MACVLAN_MODE, mv.mode().value()).endNested();
                m.endNested();
            }
            case LinkSpec.Vxlan x -> {
                m.beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, "vxlan");
                m.beginNested(Ifla.INFO_DATA).u32(Ifla.VXLAN_ID, x.vni());
                if (x.local() != null) {
                    m.attr(x.local().isV4() ? Ifla.VXLAN_LOCAL : Ifla.VXLAN_LOCAL6, x.local().bytes());
                }
                if (x.parentIndex() > 0) {
                    m.u32(Ifla.VXLAN_LINK, x.parentIndex());
                }
                m.u8(Ifla.VXLAN_LEARNING, x.learning() ? 1 : 0);
                if (x.port() > 0) {
                    m.be16(Ifla.VXLAN_PORT, x.port());
                }
                m.endNested().endNested();
            }
            case LinkSpec.Ifb i -> m.beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, "ifb").endNested();
            case LinkSpec.Generic g -> m.beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, g.kindName()).endNested();
        }
        return m;
    }

    /** RTM_NEWLINK on an existing index carrying {@code flags} under {@code change} (no attributes yet). */
    public static MessageBuilder set(int index, int flags, int change) {
        MessageBuilder m = new MessageBuilder(Nl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK);
        return m.struct(ifinfomsg(Nl.AF_UNSPEC, index, flags, change));
    }

    /** Sets the MTU. */
    public static MessageBuilder setMtu(int index, int mtu) {
        return set(index, 0, 0).u32(Ifla.MTU, mtu);
    }

    /** Sets the transmit queue length (IFLA_TXQLEN). */
    public static MessageBuilder setTxQueueLength(int index, int qlen) {
        return set(index, 0, 0).u32(Ifla.TXQLEN, qlen);
    }

    /** The transmit queue length an RTM_NEWLINK carries (IFLA_TXQLEN), 0 when absent. */
    public static int txQueueLength(Message m) {
        return m.attrs(IFINFOMSG).u32(Ifla.TXQLEN).orElse(0);
    }

    /** {@code IN6_ADDR_GEN_MODE_NONE} (uapi if_link.h): IPv6 makes no link-local address for the link. */
    public static final int IN6_ADDR_GEN_MODE_NONE = 1;

    /**
     * Sets how IPv6 makes the link's link-local address (IFLA_AF_SPEC / AF_INET6 /
     * IFLA_INET6_ADDR_GEN_MODE, as {@code ip link set DEV addrgenmode none}), in the same request
     * as {@code flags} under {@code change}. The kernel refuses the attribute in a creation
     * (EAFNOSUPPORT, Linux 6.18), so it is a SETLINK on the new index; a kernel without IPv6 refuses
     * it with EAFNOSUPPORT too.
     */
    public static MessageBuilder setIpv6AddrGenMode(int index, int mode, int flags, int change) {
        return set(index, flags, change).beginNested(Ifla.AF_SPEC).beginNested(Ifla.AF_INET6)
                .u8(Ifla.INET6_ADDR_GEN_MODE, mode).endNested().endNested();
    }

    /** Sets the hardware address. */
    public static MessageBuilder setMac(int index, MacAddress mac) {
        return set(index, 0, 0).attr(Ifla.ADDRESS, mac.bytes());
    }

    /** Renames (the device must be down). */
    public static MessageBuilder setName(int index, InterfaceName name) {
        return set(index, 0, 0).string(Ifla.IFNAME, name.value());
    }

    /** Sets the alias (ifalias). */
    public static MessageBuilder setAlias(int index, String alias) {
        return set(index, 0, 0).string(Ifla.IFALIAS, alias);
    }

    /** Enslaves to {@code master}; 0 releases ({@code nomaster}). */
    public static MessageBuilder setMaster(int index, int master) {
        return set(index, 0, 0).u32(Ifla.MASTER, master);
    }

    /** Moves into the namespace open at {@code nsFd}, renamed when {@code newName} is not null. */
    public static MessageBuilder setNetns(int index, int nsFd, InterfaceName newName) {
        MessageBuilder m = set(index, 0, 0).u32(Ifla.NET_NS_FD, nsFd);
        return newName == null ? m : m.string(Ifla.IFNAME, newName.value());
    }

    /** Turns VLAN filtering of an existing bridge on or off (IFLA_INFO_DATA/IFLA_BR_VLAN_FILTERING). */
    public static MessageBuilder setVlanFiltering(int index, boolean on) {
        return set(index, 0, 0).beginNested(Ifla.LINKINFO).string(Ifla.INFO_KIND, "bridge")
                .beginNested(Ifla.INFO_DATA).u8(Ifla.BR_VLAN_FILTERING, on ? 1 : 0).endNested().endNested();
    }

    /** Hairpin on a bridge port: IFLA_PROTINFO/IFLA_BRPORT_MODE in an AF_BRIDGE RTM_SETLINK. */
    public static MessageBuilder hairpin(int index, boolean on) {
        MessageBuilder m = new MessageBuilder(Nl.RTM_SETLINK, Nl.F_REQUEST | Nl.F_ACK);
        m.struct(ifinfomsg(Nl.AF_BRIDGE, index, 0, 0));
        return m.beginNested(Ifla.PROTINFO).u8(Ifla.BRPORT_MODE, on ? 1 : 0).endNested();
    }

    /**
     * A VLAN on a bridge port (needs VLAN filtering on the bridge): RTM_SETLINK (add) or
     * RTM_DELLINK (remove) in AF_BRIDGE with IFLA_AF_SPEC/IFLA_BRIDGE_VLAN_INFO {flags, vid}.
     * {@code pvidUntagged} makes it the port's untagged access VLAN.
     */
    public static MessageBuilder portVlan(int index, int vid, boolean pvidUntagged, boolean add) {
        MessageBuilder m = new MessageBuilder(add ? Nl.RTM_SETLINK : Nl.RTM_DELLINK, Nl.F_REQUEST | Nl.F_ACK);
        m.struct(ifinfomsg(Nl.AF_BRIDGE, index, 0, 0));
        int flags = pvidUntagged ? Ifla.BRIDGE_VLAN_INFO_PVID | Ifla.BRIDGE_VLAN_INFO_UNTAGGED : 0;
        byte[] info = Bytes.allocate(4).putShort((short) flags).putShort((short) vid).array();
        return m.beginNested(Ifla.AF_SPEC).attr(Ifla.BRIDGE_VLAN_INFO, info).endNested();
    }

    /** RTM_GETLINK by name. */
    public static MessageBuilder get(String name) {
        return new MessageBuilder(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_ACK)
                .struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0)).string(Ifla.IFNAME, name);
    }

    /** RTM_GETLINK by index. */
    public static MessageBuilder get(int index) {
        return new MessageBuilder(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_ACK).struct(ifinfomsg(Nl.AF_UNSPEC, index, 0, 0));
    }

    /** RTM_GETLINK dump of every link. */
    public static MessageBuilder dump() {
        return new MessageBuilder(Nl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_DUMP).struct(ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
    }

    /** RTM_DELLINK by index. */
    public static MessageBuilder delete(int index) {
        return new MessageBuilder(Nl.RTM_DELLINK, Nl.F_REQUEST | Nl.F_ACK).struct(ifinfomsg(Nl.AF_UNSPEC, index, 0, 0));
    }

    /** Decodes an RTM_NEWLINK/RTM_DELLINK message (see {@link LinkDecoder}). */
    public static LinkInfo decode(Message m) {
        return LinkDecoder.decode(m);
    }
}
