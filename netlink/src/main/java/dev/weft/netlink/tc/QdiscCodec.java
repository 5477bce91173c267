package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;

import java.nio.ByteBuffer;

/**
 * Encodes qdisc requests (RTM_NEWQDISC, RTM_DELQDISC, the RTM_GETQDISC dump) and decodes
 * RTM_NEWQDISC, from the kernel or from a request, into {@link Qdisc}. The one exhaustive switch
 * over {@link QdiscKind}.
 */
public final class QdiscCodec {
    private QdiscCodec() {
    }

    /** struct tcmsg: family (AF_UNSPEC), padding, ifindex, handle, parent, info. */
    static byte[] tcmsg(int ifindex, int handle, int parent, int info) {
        return Bytes.allocate(Tca.TCMSG).put((byte) Nl.AF_UNSPEC).put((byte) 0).putShort((short) 0).putInt(ifindex)
                .putInt(handle).putInt(parent).putInt(info).array();
    }

    /**
     * RTM_NEWQDISC: with {@code replace}, NLM_F_CREATE|NLM_F_REPLACE ({@code tc qdisc replace}:
     * create, or change what hangs at that parent); without, NLM_F_CREATE|NLM_F_EXCL
     * ({@code tc qdisc add}: EEXIST when there is one).
     */
    public static MessageBuilder add(Qdisc q, Psched p, boolean replace) {
        int flags = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | (replace ? Nl.F_REPLACE : Nl.F_EXCL);
        MessageBuilder m = new MessageBuilder(Tca.RTM_NEWQDISC, flags)
                .struct(tcmsg(q.ifindex(), q.handle().value(), q.parent().value(), 0));
        m.string(Tca.KIND, q.kind().kind());
        switch (q.kind()) {
            case Tbf t -> TbfCodec.encode(m, t, p);
            // Neither takes options; without TCA_OPTIONS a replace of an existing one is a no-op.
            case QdiscKind.Ingress i -> { }
            case QdiscKind.Clsact c -> { }
            case QdiscKind.Other o -> { }
        }
        return m;
    }

    /** RTM_DELQDISC of the qdisc at {@code q}'s parent, naming its handle and kind as a check. */
    public static MessageBuilder delete(Qdisc q) {
        return delete(q.ifindex(), q.parent(), q.handle(), q.kind().kind());
    }

    /**
     * RTM_DELQDISC at {@code parent} of {@code ifindex}; {@code handle} {@link TcHandle#NONE} and
     * {@code kind} null match whatever is there ({@code tc qdisc del dev D root}).
     */
    public static MessageBuilder delete(int ifindex, TcHandle parent, TcHandle handle, String kind) {
        MessageBuilder m = new MessageBuilder(Tca.RTM_DELQDISC, Nl.F_REQUEST | Nl.F_ACK)
                .struct(tcmsg(ifindex, handle.value(), parent.value(), 0));
        return kind == null ? m : m.string(Tca.KIND, kind);
    }

    /** RTM_GETQDISC dump of every device's qdiscs (the kernel does not filter by device). */
    public static MessageBuilder dump() {
        return new MessageBuilder(Tca.RTM_GETQDISC, Nl.F_REQUEST | Nl.F_DUMP).struct(tcmsg(0, 0, 0, 0));
    }

    /** Whether {@code m} is an RTM_NEWQDISC. */
    public static boolean isQdisc(Message m) {
        return m.type() == Tca.RTM_NEWQDISC;
    }

    /**
     * Decodes RTM_NEWQDISC. Unknown kinds, and TBF options out of weft's ranges (a zero limit set
     * by another tool), come back as {@link QdiscKind.Other}.
     */
    public static Qdisc decode(Message m, Psched p) {
        if (m.payload().length < Tca.TCMSG) {
            throw new IllegalArgumentException("qdisc message of " + m.payload().length + " bytes has no tcmsg");
        }
        ByteBuffer b = m.buffer();
        Attrs a = m.attrs(Tca.TCMSG);
        String kind = a.string(Tca.KIND).orElse("");
        // Options are a nest for some kinds and a bare struct for others (pfifo_fast): parse by kind.
        byte[] options = a.get(Tca.OPTIONS).orElse(null);
        return new Qdisc(b.getInt(4), new TcHandle(b.getInt(8)), new TcHandle(b.getInt(12)), kind(kind, options, p));
    }

    private static QdiscKind kind(String kind, byte[] options, Psched p) {
        return switch (kind) {
            case "ingress" -> new QdiscKind.Ingress();
            case "clsact" -> new QdiscKind.Clsact();
            case "tbf" -> {
                try {
                    yield options == null ? new QdiscKind.Other(kind) : TbfCodec.decode(Attrs.parse(options), p);
                } catch (IllegalArgumentException outOfRange) {
                    yield new QdiscKind.Other(kind);
                }
            }
            case "" -> new QdiscKind.Other("unknown");
            default -> new QdiscKind.Other(kind);
        };
    }
}
