package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encodes filter requests (RTM_NEWTFILTER, RTM_DELTFILTER, the RTM_GETTFILTER dump) and decodes
 * RTM_NEWTFILTER into {@link Filter}. The tcmsg's info field carries the priority (upper 16 bits)
 * and the protocol (lower 16, in network order).
 */
public final class FilterCodec {
    private FilterCodec() {
    }

    /** tcm_info of a filter: TC_H_MAKE(priority << 16, htons(protocol)). */
    static int info(int priority, int protocol) {
        return priority << 16 | Tca.htons(protocol);
    }

    /** RTM_NEWTFILTER with NLM_F_CREATE|NLM_F_EXCL ({@code tc filter add}). */
    public static MessageBuilder add(Filter f) {
        MessageBuilder m = new MessageBuilder(Tca.RTM_NEWTFILTER, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL)
                .struct(QdiscCodec.tcmsg(f.ifindex(), f.handle().value(), f.parent().value(),
                        info(f.priority(), f.protocol())));
        m.string(Tca.KIND, f.kind().kind());
        switch (f.kind()) {
            case FilterKind.U32 u -> {
                m.beginNested(Tca.OPTIONS);
                if (!u.actions().isEmpty()) {
                    ActionCodec.encode(m, Tca.U32_ACT, u.actions());
                }
                m.attr(Tca.U32_SEL, selector(u));
                m.endNested();
            }
            case FilterKind.Other o -> throw new IllegalArgumentException("filter kind " + o.kind() + " cannot be encoded");
        }
        return m;
    }

    /**
     * struct tc_u32_sel (flags, offshift, nkeys, offmask, off, offoff, hoff, hmask) followed by
     * the keys; TC_U32_TERMINAL when there are actions, as tc sets it.
     */
    static byte[] selector(FilterKind.U32 u) {
        ByteBuffer b = Bytes.allocate(Tca.U32_SEL_SIZE + u.keys().size() * Tca.U32_KEY_SIZE);
        b.put((byte) (u.actions().isEmpty() ? 0 : Tca.U32_TERMINAL)).put((byte) 0).put((byte) u.keys().size())
                .put((byte) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0);
        for (FilterKind.U32.Key k : u.keys()) {
            b.order(ByteOrder.BIG_ENDIAN).putInt(k.mask()).putInt(k.value());
            b.order(ByteOrder.nativeOrder()).putInt(k.offset()).putInt(k.offmask());
        }
        return b.array();
    }

    /** RTM_DELTFILTER of one rule, by its handle (and kind, which the kernel checks). */
    public static MessageBuilder delete(Filter f) {
        return new MessageBuilder(Tca.RTM_DELTFILTER, Nl.F_REQUEST | Nl.F_ACK)
                .struct(QdiscCodec.tcmsg(f.ifindex(), f.handle().value(), f.parent().value(),
                        info(f.priority(), f.protocol())))
                .string(Tca.KIND, f.kind().kind());
    }

    /** RTM_DELTFILTER of every rule of {@code priority} under {@code parent} ({@code tc filter del … prio P}). */
    public static MessageBuilder deletePriority(int ifindex, TcHandle parent, int priority) {
        if (priority <= 0 || priority > 0xffff) {
            throw new IllegalArgumentException("priority " + priority + " is not in 1..0xffff");
        }
        return new MessageBuilder(Tca.RTM_DELTFILTER, Nl.F_REQUEST | Nl.F_ACK)
                .struct(QdiscCodec.tcmsg(ifindex, 0, parent.value(), info(priority, 0)));
    }

    /** RTM_GETTFILTER dump of the filters under {@code parent} of {@code ifindex}. */
    public static MessageBuilder dump(int ifindex, TcHandle parent) {
        return new MessageBuilder(Tca.RTM_GETTFILTER, Nl.F_REQUEST | Nl.F_DUMP)
                .struct(QdiscCodec.tcmsg(ifindex, 0, parent.value(), 0));
    }

    /** Whether {@code m} is an RTM_NEWTFILTER. */
    public static boolean isFilter(Message m) {
        return m.type() == Tca.RTM_NEWTFILTER;
    }

    /**
     * Decodes RTM_NEWTFILTER. A dump also reports each classifier instance (no options) and u32's
     * hash tables (options without a selector); those are not rules and decode as empty.
     */
    public static Optional<Filter> decode(Message m) {
        if (m.payload().length < Tca.TCMSG) {
            throw new IllegalArgumentException("filter message of " + m.payload().length + " bytes has no tcmsg");
        }
        ByteBuffer b = m.buffer();
        int info = b.getInt(16);
        Attrs a = m.attrs(Tca.TCMSG);
        Optional<byte[]> options = a.get(Tca.OPTIONS);
        if (options.isEmpty()) {
            return Optional.empty();
        }
        String kind = a.string(Tca.KIND).orElse("");
        FilterKind fk;
        if (kind.equals("u32")) {
            Attrs o = Attrs.parse(options.get());
            Optional<byte[]> sel = o.get(Tca.U32_SEL);
            if (sel.isEmpty()) {
                return Optional.empty();
            }
            fk = new FilterKind.U32(keys(sel.get()), o.get(Tca.U32_ACT).map(ActionCodec::decode).orElse(List.of()));
        } else {
            fk = new FilterKind.Other(kind);
        }
        return Optional.of(new Filter(b.getInt(4), new TcHandle(b.getInt(12)), info >>> 16, Tca.htons(info & 0xffff),
                new TcHandle(b.getInt(8)), fk));
    }

    private static List<FilterKind.U32.Key> keys(byte[] sel) {
        if (sel.length < Tca.U32_SEL_SIZE) {
            throw new IllegalArgumentException("u32 selector of " + sel.length + " bytes");
        }
        int n = sel[2] & 0xff;
        if (sel.length < Tca.U32_SEL_SIZE + n * Tca.U32_KEY_SIZE) {
            throw new IllegalArgumentException("u32 selector of " + sel.length + " bytes for " + n + " keys");
        }
        List<FilterKind.U32.Key> keys = new ArrayList<>(n);
        ByteBuffer big = ByteBuffer.wrap(sel).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer host = ByteBuffer.wrap(sel).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            int at = Tca.U32_SEL_SIZE + i * Tca.U32_KEY_SIZE;
            keys.add(new FilterKind.U32.Key(big.getInt(at), big.getInt(at + 4), host.getInt(at + 8), host.getInt(at + 12)));
        }
        return keys;
    }
}
