package dev.weft.bench.cni;

import dev.weft.netlink.link.Links;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;

/**
 * The breakdown's kernels that differ from the default: bridge ports set up after they joined
 * ({@link Links.PortUp#AFTER_JOIN}, a SETLINK after the port's datagram), or given no IPv6
 * link-local address, to time against the default in the same run. Apart from
 * {@link BreakdownRig} because older builds, whose jars that class is also loaded on, lack this API.
 */
final class PortUpRig {
    private PortUpRig() {
    }

    static ReapingKernel afterJoin() {
        return new ReapingKernel(new NetlinkKernel(Links.PortUp.AFTER_JOIN));
    }

    /** The default port (up in its creation) without an IPv6 link-local address (addrgenmode none, one SETLINK more). */
    static ReapingKernel withoutIpv6LinkLocal() {
        return new ReapingKernel(new NetlinkKernel(Links.PortUp.IN_CREATE, false));
    }
}
