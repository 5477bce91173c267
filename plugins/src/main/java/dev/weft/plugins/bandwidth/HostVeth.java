package dev.weft.plugins.bandwidth;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.plugins.net.NsHandle;

/** Finding the host end of a container's veth, which is where weft-bandwidth shapes. */
final class HostVeth {
    private HostVeth() {
    }

    /**
     * The host-side peer of {@code ifName} in {@code ctr}: the device at the container veth's
     * IFLA_LINK index in {@code host}, which must be a veth whose own peer is the container's
     * interface (an index alone could name an unrelated device of another namespace).
     */
    static LinkInfo find(NsHandle ctr, NsHandle host, String ifName) {
        LinkInfo c = ctr.nl().links().get(ifName).orElseThrow(() -> new CniException(CniErrorCode.INVALID_ENVIRONMENT,
                "CNI_IFNAME: no interface \"" + ifName + "\" in " + ctr.path()));
        if (!c.kind().equals("veth") || c.parent() <= 0) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "interface \"" + ifName + "\" in " + ctr.path()
                    + " is " + (c.kind().isEmpty() ? "not a veth" : "a " + c.kind() + ", not a veth")
                    + ": weft-bandwidth shapes the host side of a veth pair");
        }
        return host.nl().links().get(c.parent()).filter(h -> h.kind().equals("veth") && h.parent() == c.index())
                .orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "the peer of \"" + ifName
                        + "\" in " + ctr.path() + " is not in the host's namespace"));
    }
}
