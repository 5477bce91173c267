package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.MessageBuilder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A classifier's action list: a nest (TCA_U32_ACT for u32) holding one nest per action, numbered
 * by its order from 1, each with TCA_ACT_KIND and TCA_ACT_OPTIONS (uapi act_api / tc_mirred.h).
 */
final class ActionCodec {
    private ActionCodec() {
    }

    /** Writes {@code actions} inside a nest of type {@code attrType}. */
    static void encode(MessageBuilder m, int attrType, List<Action> actions) {
        m.beginNested(attrType);
        int order = 1;
        for (Action a : actions) {
            m.beginNested(order++).string(Tca.ACT_KIND, a.kind());
            switch (a) {
                case Action.Mirred mi -> m.beginNested(Tca.ACT_OPTIONS).attr(Tca.MIRRED_PARMS, mirredParms(mi)).endNested();
                case Action.Other o -> throw new IllegalArgumentException("action " + o.kind() + " cannot be encoded");
            }
            m.endNested();
        }
        m.endNested();
    }

    /** struct tc_mirred: tc_gen {index 0 (the kernel picks), capab, action (verdict), refcnt, bindcnt}, eaction, ifindex. */
    private static byte[] mirredParms(Action.Mirred mi) {
        return Bytes.allocate(Tca.MIRRED_SIZE).putInt(0).putInt(0).putInt(mi.mode().verdict()).putInt(0).putInt(0)
                .putInt(mi.mode().eaction()).putInt(mi.ifindex()).array();
    }

    /** Reads the actions of a TCA_*_ACT nest, in their order. */
    static List<Action> decode(byte[] nest) {
        Attrs byOrder = Attrs.parse(nest);
        Map<Integer, Action> sorted = new TreeMap<>();
        for (int order = 1; order <= 32; order++) {
            int o = order;
            byOrder.nested(order).ifPresent(a -> sorted.put(o, decodeOne(a)));
        }
        return new ArrayList<>(sorted.values());
    }

    private static Action decodeOne(Attrs a) {
        String kind = a.string(Tca.ACT_KIND).orElse("");
        if (!kind.equals("mirred")) {
            return new Action.Other(kind);
        }
        byte[] parms = a.nested(Tca.ACT_OPTIONS).flatMap(o -> o.get(Tca.MIRRED_PARMS))
                .filter(v -> v.length >= Tca.MIRRED_SIZE).orElse(null);
        if (parms == null) {
            return new Action.Other(kind);
        }
        ByteBuffer b = ByteBuffer.wrap(parms).order(ByteOrder.nativeOrder());
        try {
            return new Action.Mirred(Action.Mirred.Mode.of(b.getInt(20)), b.getInt(24));
        } catch (IllegalArgumentException unknown) {
            return new Action.Other(kind);
        }
    }
}
