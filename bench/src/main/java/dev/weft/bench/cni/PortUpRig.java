package dev.weft.bench.cni;

import dev.weft.netlink.link.Links;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;

/**
 * The breakdown's kernel with bridge ports set up in their creation ({@link Links.PortUp#IN_CREATE},
 * as branch {@code add} first did), to time against the default in the same run. Apart from
 * {@link BreakdownRig} because older builds, whose jars that class is also loaded on, lack this API.
 */
final class PortUpRig {
    private PortUpRig() {
    }

    static ReapingKernel inCreate() {
        return new ReapingKernel(new NetlinkKernel(Links.PortUp.IN_CREATE));
    }
}
