package dev.weft.netlink.conntrack;

import dev.weft.net.IpAddress;
import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;

/**
 * ctnetlink requests and replies (nfnetlink subsystem CTNETLINK): the dump of one family's table,
 * optionally with a kernel-side CTA_FILTER, the delete of one entry by its original tuple and id,
 * and the decoding of IPCTNL_MSG_CT_NEW into {@link ConntrackEntry}. Addresses, ports, ids,
 * status, timeout and mark are in network byte order on the wire; the filter flags are not.
 */
public final class ConntrackCodec {
    private ConntrackCodec() {
    }

    /** struct nfgenmsg for {@code family}, version 0, res_id 0. */
    static byte[] nfgenmsg(IpFamily family) {
        return new byte[] {(byte) family.value(), (byte) Cta.NFNETLINK_V0, 0, 0};
    }

    /** IPCTNL_MSG_CT_GET dump of {@code family}'s table. */
    public static MessageBuilder dump(IpFamily family) {
        return new MessageBuilder(Cta.type(Cta.MSG_GET), Nl.F_REQUEST | Nl.F_DUMP).struct(nfgenmsg(family));
    }

    /**
     * A dump the kernel filters itself (Linux 5.8+): CTA_TUPLE_ORIG holds the values and
     * CTA_FILTER says which of them to compare — protocol, destination port and, when given, the
     * destination address. Older kernels ignore both attributes and dump the whole table, so
     * callers filter the answer again ({@link ConntrackFilter#matches}).
     */
    public static MessageBuilder dump(ConntrackFilter f) {
        MessageBuilder m = dump(f.family());
        m.beginNested(Cta.TUPLE_ORIG);
        if (f.dst() != null) {
            m.beginNested(Cta.TUPLE_IP).attr(f.dst().isV4() ? Cta.IP_V4_DST : Cta.IP_V6_DST, f.dst().bytes()).endNested();
        }
        m.beginNested(Cta.TUPLE_PROTO).u8(Cta.PROTO_NUM, f.protocol()).be16(Cta.PROTO_DST_PORT, f.dstPort()).endNested();
        m.endNested();
        int flags = Cta.FILTER_PROTO_NUM | Cta.FILTER_PROTO_DST_PORT | (f.dst() != null ? Cta.FILTER_IP_DST : 0);
        return m.beginNested(Cta.FILTER).u32(Cta.FILTER_ORIG_FLAGS, flags).u32(Cta.FILTER_REPLY_FLAGS, 0).endNested();
    }

    /**
     * IPCTNL_MSG_CT_DELETE of {@code e}: its original tuple, its zone when not the default, and its
     * id, so that a new flow that reused the tuple since the dump is left alone (ENOENT instead).
     */
    public static MessageBuilder delete(ConntrackEntry e) {
        MessageBuilder m = new MessageBuilder(Cta.type(Cta.MSG_DELETE), Nl.F_REQUEST | Nl.F_ACK)
                .struct(nfgenmsg(e.family()));
        tuple(m, Cta.TUPLE_ORIG, e.original());
        if (e.zone() != 0) {
            m.be16(Cta.ZONE, e.zone());
        }
        return m.attr(Cta.ID, be32(e.id()));
    }

    private static void tuple(MessageBuilder m, int type, ConntrackTuple t) {
        boolean v4 = t.src().isV4();
        m.beginNested(type);
        m.beginNested(Cta.TUPLE_IP).attr(v4 ? Cta.IP_V4_SRC : Cta.IP_V6_SRC, t.src().bytes())
                .attr(v4 ? Cta.IP_V4_DST : Cta.IP_V6_DST, t.dst().bytes()).endNested();
        m.beginNested(Cta.TUPLE_PROTO).u8(Cta.PROTO_NUM, t.protocol()).be16(Cta.PROTO_SRC_PORT, t.srcPort())
                .be16(Cta.PROTO_DST_PORT, t.dstPort()).endNested();
        m.endNested();
    }

    /** Whether {@code m} is a conntrack entry (IPCTNL_MSG_CT_NEW). */
    public static boolean isEntry(Message m) {
        return m.type() == Cta.type(Cta.MSG_NEW);
    }

    /** Decodes IPCTNL_MSG_CT_NEW (a dump's entry, or weft's own delete request for tests). */
    public static ConntrackEntry decode(Message m) {
        if (m.payload().length < Cta.NFGENMSG) {
            throw new IllegalArgumentException("conntrack message of " + m.payload().length + " bytes has no nfgenmsg");
        }
        Attrs a = m.attrs(Cta.NFGENMSG);
        ConntrackTuple orig = a.nested(Cta.TUPLE_ORIG).map(ConntrackCodec::tuple)
                .orElseThrow(() -> new IllegalArgumentException("conntrack entry without CTA_TUPLE_ORIG"));
        ConntrackTuple reply = a.nested(Cta.TUPLE_REPLY).map(ConntrackCodec::tuple).orElse(orig);
        return new ConntrackEntry(orig, reply, be32(a, Cta.ID), a.be16(Cta.ZONE).orElse(0), be32(a, Cta.MARK),
                be32(a, Cta.STATUS), be32(a, Cta.TIMEOUT));
    }

    private static ConntrackTuple tuple(Attrs t) {
        Attrs ip = t.nested(Cta.TUPLE_IP).orElseThrow(() -> new IllegalArgumentException("tuple without CTA_TUPLE_IP"));
        IpAddress src = ip.get(Cta.IP_V4_SRC).or(() -> ip.get(Cta.IP_V6_SRC)).map(ConntrackCodec::address)
                .orElseThrow(() -> new IllegalArgumentException("tuple without a source address"));
        IpAddress dst = ip.get(Cta.IP_V4_DST).or(() -> ip.get(Cta.IP_V6_DST)).map(ConntrackCodec::address)
                .orElseThrow(() -> new IllegalArgumentException("tuple without a destination address"));
        Attrs proto = t.nested(Cta.TUPLE_PROTO).orElseThrow(() -> new IllegalArgumentException("tuple without CTA_TUPLE_PROTO"));
        return new ConntrackTuple(src, dst, proto.u8(Cta.PROTO_NUM).orElse(0), proto.be16(Cta.PROTO_SRC_PORT).orElse(0),
                proto.be16(Cta.PROTO_DST_PORT).orElse(0));
    }

    private static IpAddress address(byte[] raw) {
        if (raw.length != 4 && raw.length != 16) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes");
        }
        return IpAddress.of(raw);
    }

    private static int be32(Attrs a, int type) {
        return a.get(type).filter(v -> v.length >= 4)
                .map(v -> (v[0] & 0xff) << 24 | (v[1] & 0xff) << 16 | (v[2] & 0xff) << 8 | (v[3] & 0xff)).orElse(0);
    }

    private static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
