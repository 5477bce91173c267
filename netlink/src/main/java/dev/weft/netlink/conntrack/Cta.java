package dev.weft.netlink.conntrack;

/** ctnetlink message types and attribute numbers (uapi nfnetlink.h, nfnetlink_conntrack.h). */
final class Cta {
    private Cta() {
    }

    /** NETLINK_NETFILTER: the netlink family of nfnetlink. */
    static final int NETLINK_NETFILTER = 12;
    static final int NFNL_SUBSYS_CTNETLINK = 1;
    static final int MSG_NEW = 0;
    static final int MSG_GET = 1;
    static final int MSG_DELETE = 2;
    /** sizeof(struct nfgenmsg): family, version, res_id (big-endian). */
    static final int NFGENMSG = 4;
    static final int NFNETLINK_V0 = 0;

    static final int TUPLE_ORIG = 1;
    static final int TUPLE_REPLY = 2;
    static final int STATUS = 3;
    static final int TIMEOUT = 7;
    static final int MARK = 8;
    static final int ID = 12;
    static final int ZONE = 18;
    static final int FILTER = 25;

    static final int TUPLE_IP = 1;
    static final int TUPLE_PROTO = 2;
    static final int IP_V4_SRC = 1;
    static final int IP_V4_DST = 2;
    static final int IP_V6_SRC = 3;
    static final int IP_V6_DST = 4;
    static final int PROTO_NUM = 1;
    static final int PROTO_SRC_PORT = 2;
    static final int PROTO_DST_PORT = 3;

    static final int FILTER_ORIG_FLAGS = 1;
    static final int FILTER_REPLY_FLAGS = 2;
    /** CTA_FILTER_FLAG(CTA_IP_DST): the bit of each attribute a CTA_FILTER compares. */
    static final int FILTER_IP_DST = 1 << 1;
    static final int FILTER_PROTO_NUM = 1 << 3;
    static final int FILTER_PROTO_DST_PORT = 1 << 5;

    /** The nlmsg type of ctnetlink message {@code msg}: subsystem in the high byte. */
    static int type(int msg) {
        return NFNL_SUBSYS_CTNETLINK << 8 | msg;
    }
}
