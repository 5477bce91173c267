package dev.weft.netlink.route;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** rtmsg encoding and decoding (uapi rtnetlink.h), the one place that knows route attributes. */
public final class RouteCodec {
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_METRICS = 8;
    static final int RTA_MULTIPATH = 9;
    static final int RTA_TABLE = 15;
    static final int RTAX_MTU = 2;
    static final int RTAX_ADVMSS = 8;
    static final int RTN_UNICAST = 1;
    static final int RTN_BLACKHOLE = 6;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RT_SCOPE_NOWHERE = 255;
    static final int RT_TABLE_COMPAT = 252;
    static final int RTPROT_STATIC = 4;
    static final int RTNH_F_ONLINK = 4;
    /** RT_TABLE_MAIN. */
    public static final int MAIN = 254;
    /** RT_TABLE_LOCAL. */
    public static final int LOCAL = 255;
    /** sizeof(struct rtmsg). */
    public static final int RTMSG = 12;

    private RouteCodec() {
    }

    /**
     * The 12-byte rtmsg. A table above 255 goes in RTA_TABLE with RT_TABLE_COMPAT here. For a
     * delete, an unset scope is RT_SCOPE_NOWHERE and the protocol 0: wildcards, as {@code ip route del}.
     */
    private static byte[] rtmsg(RouteSpec r, boolean delete, int protocol) {
        int table = r.table() == 0 ? MAIN : r.table();
        int scope = r.scope() != null ? r.scope() : delete ? RT_SCOPE_NOWHERE
                : (r.gateway() == null && r.nexthops().isEmpty() && !r.blackhole() ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);
        return Bytes.allocate(RTMSG).put((byte) (r.dst().isV4() ? Nl.AF_INET : Nl.AF_INET6))
                .put((byte) r.dst().prefixLength()).put((byte) 0).put((byte) 0)
                .put((byte) (table < 256 ? table : RT_TABLE_COMPAT)).put((byte) (delete ? 0 : protocol))
                .put((byte) scope).put((byte) (r.blackhole() ? RTN_BLACKHOLE : RTN_UNICAST))
                .putInt(r.onlink() ? RTNH_F_ONLINK : 0).array();
    }

    /** RTM_NEWROUTE; {@code replace} makes it idempotent (NLM_F_REPLACE), else NLM_F_EXCL. */
    public static MessageBuilder add(RouteSpec r, boolean replace) {
        return newRoute(r, replace, RTPROT_STATIC);
    }

    /**
     * RTM_NEWROUTE tagged with routing protocol {@code protocol} (rtm_protocol, 5..255 for a daemon's
     * own; {@code ip route} shows it as {@code proto N}), so its owner can list its routes again
     * ({@link #protocolOf}) after a restart and remove the stale ones.
     */
    public static MessageBuilder add(RouteSpec r, boolean replace, int protocol) {
        if (protocol < 5 || protocol > 255) {
            throw new IllegalArgumentException("route protocol " + protocol + " is not in 5..255 (below 5 are the kernel's)");
        }
        return newRoute(r, replace, protocol);
    }

    private static MessageBuilder newRoute(RouteSpec r, boolean replace, int protocol) {
        int f = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | (replace ? Nl.F_REPLACE : Nl.F_EXCL);
        return attrs(new MessageBuilder(Nl.RTM_NEWROUTE, f).struct(rtmsg(r, false, protocol)), r);
    }

    /** The rtm_protocol of a decoded RTM_NEWROUTE (who installed it: 2 kernel, 4 static, 12 bird, ...). */
    public static int protocolOf(Message m) {
        return m.buffer().get(5) & 0xff;
    }

    /** RTM_DELROUTE matching {@code r}. */
    public static MessageBuilder delete(RouteSpec r) {
        return attrs(new MessageBuilder(Nl.RTM_DELROUTE, Nl.F_REQUEST | Nl.F_ACK).struct(rtmsg(r, true, 0)), r);
    }

    private static MessageBuilder attrs(MessageBuilder m, RouteSpec r) {
        m.attr(RTA_DST, r.dst().network().bytes());
        int table = r.table() == 0 ? MAIN : r.table();
        m.u32(RTA_TABLE, table);
        if (r.gateway() != null && r.nexthops().isEmpty()) {
            m.attr(RTA_GATEWAY, r.gateway().bytes());
        }
        if (r.oif() > 0 && r.nexthops().isEmpty()) {
            m.u32(RTA_OIF, r.oif());
        }
        if (r.priority() > 0) {
            m.u32(RTA_PRIORITY, r.priority());
        }
        if (r.mtu() > 0 || r.advmss() > 0) {
            m.beginNested(RTA_METRICS);
            if (r.mtu() > 0) {
                m.u32(RTAX_MTU, r.mtu());
            }
            if (r.advmss() > 0) {
                m.u32(RTAX_ADVMSS, r.advmss());
            }
            m.endNested();
        }
        if (!r.nexthops().isEmpty()) {
            m.attr(RTA_MULTIPATH, multipath(r.nexthops()));
        }
        return m;
    }

    /** rtnexthop entries: len u16, flags u8, hops (weight-1) u8, ifindex i32, then RTA_GATEWAY. */
    static byte[] multipath(List<RouteSpec.Nexthop> hops) {
        ByteBuffer b = Bytes.allocate(hops.size() * 28);
        for (RouteSpec.Nexthop h : hops) {
            byte[] gw = h.gateway() == null ? new byte[0] : h.gateway().bytes();
            int attrLen = gw.length == 0 ? 0 : Nl.align(4 + gw.length);
            b.putShort((short) (8 + attrLen)).put((byte) 0).put((byte) Math.max(0, h.weight() - 1)).putInt(h.oif());
            if (gw.length > 0) {
                b.putShort((short) (4 + gw.length)).putShort((short) RTA_GATEWAY).put(gw);
                for (int i = 4 + gw.length; i < attrLen; i++) {
                    b.put((byte) 0);
                }
            }
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** RTM_GETROUTE dump of one family ({@code AF_UNSPEC}: both), every table. */
    public static MessageBuilder dump(int family) {
        return new MessageBuilder(Nl.RTM_GETROUTE, Nl.F_REQUEST | Nl.F_DUMP)
                .struct(Bytes.allocate(RTMSG).put((byte) family).array());
    }

    /** Decodes RTM_NEWROUTE into a spec (what can be compared against what was asked for). */
    public static RouteSpec decode(Message m) {
        ByteBuffer b = m.buffer();
        int family = b.get(0) & 0xff;
        int dstLen = b.get(1) & 0xff;
        int tableByte = b.get(4) & 0xff;
        int scope = b.get(6) & 0xff;
        int type = b.get(7) & 0xff;
        int flags = b.getInt(8);
        Attrs a = m.attrs(RTMSG);
        IpAddress dst = a.get(RTA_DST).map(IpAddress::of)
                .orElse(IpAddress.of(new byte[family == Nl.AF_INET ? 4 : 16]));
        IpAddress gw = a.get(RTA_GATEWAY).map(IpAddress::of).orElse(null);
        Attrs metrics = a.nested(RTA_METRICS).orElse(null);
        List<RouteSpec.Nexthop> hops = a.get(RTA_MULTIPATH).map(RouteCodec::decodeMultipath).orElse(List.of());
        return new RouteSpec(Cidr.of(dst, dstLen), gw, a.u32(RTA_OIF).orElse(0), a.u32(RTA_TABLE).orElse(tableByte),
                a.u32(RTA_PRIORITY).orElse(0), scope, (flags & RTNH_F_ONLINK) != 0, type == RTN_BLACKHOLE,
                metrics == null ? 0 : metrics.u32(RTAX_MTU).orElse(0),
                metrics == null ? 0 : metrics.u32(RTAX_ADVMSS).orElse(0), hops);
    }

    static List<RouteSpec.Nexthop> decodeMultipath(byte[] data) {
        List<RouteSpec.Nexthop> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data).order(java.nio.ByteOrder.nativeOrder());
        int off = 0;
        while (off + 8 <= data.length) {
            int len = b.getShort(off) & 0xffff;
            if (len < 8) {
                break;
            }
            int hops = b.get(off + 3) & 0xff;
            int oif = b.getInt(off + 4);
            IpAddress gw = Attrs.parse(data, off + 8, off + len).get(RTA_GATEWAY).map(IpAddress::of).orElse(null);
            out.add(new RouteSpec.Nexthop(gw, oif, hops + 1));
            off += Nl.align(len);
        }
        return out;
    }
}
