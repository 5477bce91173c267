package dev.weft.netlink;

import dev.weft.netlink.codec.Message;

/** Test access to package-private parts of the socket. */
public final class NetlinkSocketAccess {
    private NetlinkSocketAccess() {
    }

    public static String extAck(Message m) {
        return NetlinkSocket.extAck(m);
    }
}
