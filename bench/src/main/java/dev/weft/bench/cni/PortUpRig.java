package dev.weft.bench.cni;

import dev.weft.netlink.link.Links;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;

/**
 * The breakdown's kernel with bridge ports set up after they joined ({@link Links.PortUp#AFTER_JOIN},
 * a SETLINK after the port's datagram), to time against the default in the same run. Apart from
 * {@link BreakdownRig} because older builds, whose jars that class is also loaded on, lack this API.
 */
final class PortUpRig {
    private PortUpRig() {
    }

    static ReapingKernel afterJoin() {
        return new ReapingKernel(new NetlinkKernel(Links.PortUp.AFTER_JOIN));
    }
}
