package dev.weft.netlink.codec;

/** Netlink and rtnetlink constants (values from the kernel's uapi headers). */
public final class Nl {
    private Nl() {
    }

    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;

    public static final int F_REQUEST = 0x1;
    public static final int F_MULTI = 0x2;
    public static final int F_ACK = 0x4;
    /** Echo the request: a created link comes back as RTM_NEWLINK to the requester (links: Linux 6.3+). */
    public static final int F_ECHO = 0x8;
    public static final int F_DUMP_INTR = 0x10;
    public static final int F_DUMP = 0x300;
    public static final int F_REPLACE = 0x100;
    public static final int F_EXCL = 0x200;
    public static final int F_CREATE = 0x400;
    public static final int F_APPEND = 0x800;
    public static final int F_CAPPED = 0x100;
    public static final int F_ACK_TLVS = 0x200;

    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_TYPE_MASK = 0x3fff;
    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    /** Strict checking of GET requests: lets a dump filter by the header's fields (Linux 4.20+). */
    public static final int NETLINK_GET_STRICT_CHK = 12;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_BRIDGE = 7;
    public static final int AF_INET6 = 10;

    public static int align(int len) {
        return (len + 3) & ~3;
    }

    public static String typeName(int type) {
        return switch (type) {
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_SETLINK -> "RTM_SETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_DELROUTE -> "RTM_DELROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
            case RTM_DELNEIGH -> "RTM_DELNEIGH";
            case RTM_GETNEIGH -> "RTM_GETNEIGH";
            default -> "type " + type;
        };
    }
}
