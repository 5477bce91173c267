package dev.weft.netlink.neigh;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.nio.ByteBuffer;

/** ndmsg encoding and decoding (uapi neighbour.h). */
public final class NeighCodec {
    /** sizeof(struct ndmsg). */
    public static final int NDMSG = 12;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NDA_MASTER = 9;
    static final int NTF_SELF = 0x02;
    static final int NTF_MASTER = 0x04;

    private NeighCodec() {
    }

    private static byte[] ndmsg(int family, int ifIndex, int state, int flags) {
        return Bytes.allocate(NDMSG).put((byte) family).put((byte) 0).putShort((short) 0).putInt(ifIndex)
                .putShort((short) state).put((byte) flags).put((byte) 0).array();
    }

    private static int family(Neighbour n) {
        return switch (n.kind()) {
            case NEIGHBOUR -> n.ip().isV4() ? Nl.AF_INET : Nl.AF_INET6;
            case FDB_SELF, FDB_MASTER -> Nl.AF_BRIDGE;
        };
    }

    private static int ntf(Neighbour n) {
        return switch (n.kind()) {
            case NEIGHBOUR -> 0;
            case FDB_SELF -> NTF_SELF;
            case FDB_MASTER -> NTF_MASTER;
        };
    }

    /**
     * RTM_NEWNEIGH. {@code append} adds one more destination for the same MAC (the VXLAN flood
     * list); otherwise the entry is created or replaced.
     */
    public static MessageBuilder add(Neighbour n, boolean append) {
        int f = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | (append ? Nl.F_APPEND : Nl.F_REPLACE);
        return attrs(new MessageBuilder(Nl.RTM_NEWNEIGH, f).struct(ndmsg(family(n), n.ifIndex(), n.state(), ntf(n))), n);
    }

    /** RTM_DELNEIGH. */
    public static MessageBuilder delete(Neighbour n) {
        return attrs(new MessageBuilder(Nl.RTM_DELNEIGH, Nl.F_REQUEST | Nl.F_ACK)
                .struct(ndmsg(family(n), n.ifIndex(), 0, ntf(n))), n);
    }

    private static MessageBuilder attrs(MessageBuilder m, Neighbour n) {
        if (n.ip() != null) {
            m.attr(NDA_DST, n.ip().bytes());
        }
        if (n.mac() != null) {
            m.attr(NDA_LLADDR, n.mac().bytes());
        }
        return m;
    }

    /** RTM_GETNEIGH dump of one family (0: all, AF_BRIDGE: FDB). */
    public static MessageBuilder dump(int family) {
        return new MessageBuilder(Nl.RTM_GETNEIGH, Nl.F_REQUEST | Nl.F_DUMP).struct(ndmsg(family, 0, 0, 0));
    }

    /** Decodes RTM_NEWNEIGH/RTM_DELNEIGH. */
    public static Neighbour decode(Message m) {
        ByteBuffer b = m.buffer();
        int family = b.get(0) & 0xff;
        int ifIndex = b.getInt(4);
        int state = b.getShort(8) & 0xffff;
        int flags = b.get(10) & 0xff;
        Attrs a = m.attrs(NDMSG);
        IpAddress ip = a.get(NDA_DST).filter(v -> v.length == 4 || v.length == 16).map(IpAddress::of).orElse(null);
        MacAddress mac = a.get(NDA_LLADDR).filter(v -> v.length == 6).map(MacAddress::of).orElse(null);
        // The bridge reports its own entries with NDA_MASTER, not NTF_MASTER (br_fdb_fill_info).
        Neighbour.Kind kind = family != Nl.AF_BRIDGE ? Neighbour.Kind.NEIGHBOUR
                : (flags & NTF_MASTER) != 0 || a.has(NDA_MASTER) ? Neighbour.Kind.FDB_MASTER : Neighbour.Kind.FDB_SELF;
        return new Neighbour(kind, ifIndex, ip, mac, state);
    }
}
