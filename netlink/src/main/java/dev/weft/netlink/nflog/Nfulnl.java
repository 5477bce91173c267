package dev.weft.netlink.nflog;

/** nfnetlink_log message types, commands and attribute numbers (uapi linux/netfilter/nfnetlink_log.h). */
final class Nfulnl {
    private Nfulnl() {
    }

    /** NETLINK_NETFILTER: the netlink family of nfnetlink. */
    static final int NETLINK_NETFILTER = 12;
    static final int NFNL_SUBSYS_ULOG = 4;
    static final int MSG_PACKET = 0;
    static final int MSG_CONFIG = 1;
    /** sizeof(struct nfgenmsg): family, version, res_id (big-endian: the group). */
    static final int NFGENMSG = 4;
    static final int NFNETLINK_V0 = 0;
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    // enum nfulnl_attr_config
    static final int CFG_CMD = 1;
    static final int CFG_MODE = 2;
    static final int CFG_NLBUFSIZ = 3;
    static final int CFG_TIMEOUT = 4;
    static final int CFG_QTHRESH = 5;
    static final int CFG_FLAGS = 6;

    // enum nfulnl_msg_config_cmds
    static final int CMD_BIND = 1;
    static final int CMD_UNBIND = 2;
    static final int CMD_PF_BIND = 3;
    static final int CMD_PF_UNBIND = 4;

    static final int COPY_PACKET = 2;

    // enum nfulnl_attr_type
    static final int PACKET_HDR = 1;
    static final int MARK = 2;
    static final int TIMESTAMP = 3;
    static final int IFINDEX_INDEV = 4;
    static final int IFINDEX_OUTDEV = 5;
    static final int PAYLOAD = 9;
    static final int PREFIX = 10;

    /** The nfnetlink message type of {@code msg} in the ULOG subsystem. */
    static int type(int msg) {
        return NFNL_SUBSYS_ULOG << 8 | msg;
    }
}
