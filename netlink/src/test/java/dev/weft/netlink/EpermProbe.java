package dev.weft.netlink;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.ns.NetNs;

/**
 * Run without capabilities (setpriv): prints the exception type, errno and message that entering a
 * namespace gives, for {@code ErrorsNetnsTest}.
 */
public final class EpermProbe {
    private EpermProbe() {
    }

    public static void main(String[] args) {
        try (NetNs ns = NetNs.named(args[0]); Netlink nl = Netlink.open(ns)) {
            nl.links().list();
            System.out.println("no error");
        } catch (NetlinkException e) {
            System.out.println(e.getClass().getSimpleName() + " " + e.errnoName() + " " + e.getMessage());
        }
    }
}
