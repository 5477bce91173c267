package dev.weft.netlink.tc;

import java.nio.ByteOrder;

/** Traffic-control message types and attribute numbers (uapi rtnetlink.h, pkt_sched.h, pkt_cls.h, tc_act/). */
final class Tca {
    private Tca() {
    }

    static final int RTM_NEWQDISC = 36;
    static final int RTM_DELQDISC = 37;
    static final int RTM_GETQDISC = 38;
    static final int RTM_NEWTFILTER = 44;
    static final int RTM_DELTFILTER = 45;
    static final int RTM_GETTFILTER = 46;

    /** sizeof(struct tcmsg): family, 3 bytes of padding, ifindex, handle, parent, info. */
    static final int TCMSG = 20;

    static final int KIND = 1;
    static final int OPTIONS = 2;

    static final int TBF_PARMS = 1;
    static final int TBF_RTAB = 2;
    static final int TBF_RATE64 = 4;
    static final int TBF_BURST = 6;
    /** sizeof(struct tc_ratespec). */
    static final int RATESPEC = 12;
    /** sizeof(struct tc_tbf_qopt): rate, peakrate, limit, buffer, mtu. */
    static final int TBF_QOPT = 2 * RATESPEC + 12;
    /** TC_LINKLAYER_ETHERNET: the kernel computes times itself and ignores the rate table. */
    static final int LINKLAYER_ETHERNET = 1;

    static final int U32_HASH = 2;
    static final int U32_SEL = 5;
    static final int U32_ACT = 7;
    /** TC_U32_TERMINAL: a match ends the search (set by tc whenever there are actions). */
    static final int U32_TERMINAL = 1;
    /** sizeof(struct tc_u32_sel) without keys. */
    static final int U32_SEL_SIZE = 16;
    /** sizeof(struct tc_u32_key). */
    static final int U32_KEY_SIZE = 16;

    static final int ACT_KIND = 1;
    static final int ACT_OPTIONS = 2;
    static final int MIRRED_PARMS = 2;
    /** sizeof(struct tc_mirred): tc_gen (index, capab, action, refcnt, bindcnt), eaction, ifindex. */
    static final int MIRRED_SIZE = 28;
    static final int TC_ACT_PIPE = 3;
    static final int TC_ACT_STOLEN = 4;

    /** {@code htons}: a 16-bit value in network order, read back as a host-order short. */
    static int htons(int v) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes((short) v) & 0xffff : v & 0xffff;
    }
}
