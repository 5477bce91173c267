package dev.weft.netlink;

import dev.weft.netlink.ns.NetNs;

/** Run without capabilities (setpriv): prints the exception type and errno entering a namespace gives. */
public final class EpermProbe {
    private EpermProbe() {
    }

    public static void main(String[] args) {
        try (NetNs ns = NetNs.named(args[0]); Rtnl rt = Rtnl.open(ns)) {
            rt.links();
            System.out.println("no error");
        } catch (NetlinkException e) {
            System.out.println(e.getClass().getSimpleName() + " " + e.errnoName() + " " + e.getMessage());
        }
    }
}
