package dev.weft.dhcp.transport;

import dev.weft.dhcp.client.DhcpException;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.ns.NetNs;

/**
 * The real {@link Network}: weft's netlink for the link, and the UDP socket opened by a pooled
 * worker thread inside the container's namespace ({@link NetNs#run}); the socket stays in that
 * namespace when the worker goes home. The namespace is opened per call and closed again, so an
 * idle lease holds no reference that would keep a deleted container's namespace alive.
 */
public final class KernelNetwork implements Network {
    /**
     * How long {@link #prepare} waits for the link's operational state to come up. A new veth's
     * carrier is on at once, but the kernel publishes it (operstate, and a bridge port's
     * forwarding state on the host end) from its link-watch work, rate-limited to once a second:
     * a DISCOVER sent before then is dropped at the bridge and costs RFC 2131's first
     * retransmission, 4 s. Waiting here costs at most this bound; past it the client sends anyway.
     */
    static final long CARRIER_WAIT_MS = 1500;

    @Override
    public MacAddress prepare(String netns, InterfaceName ifName) {
        try (NetNs ns = openNs(netns); Netlink nl = Netlink.open(ns)) {
            nl.links().ensureUp(ifName.value());
            LinkInfo link = awaitOperUp(nl, ifName.value());
            if (link.mac() == null || link.mac().isZero()) {
                throw new DhcpException(DhcpException.Reason.NO_INTERFACE, "interface " + ifName + " in " + netns
                        + " has no Ethernet address");
            }
            return link.mac();
        } catch (NetlinkException.NotFoundException e) {
            throw new DhcpException(DhcpException.Reason.NO_INTERFACE, "no interface " + ifName + " in " + netns, e);
        }
    }

    @Override
    public DhcpSocket open(String netns, InterfaceName ifName) {
        try (NetNs ns = openNs(netns)) {
            return ns.run(() -> UdpDhcpSocket.openHere(ifName.value()));
        } catch (NetlinkException e) {
            throw new DhcpException(e instanceof NetlinkException.NotFoundException
                    ? DhcpException.Reason.NO_INTERFACE : DhcpException.Reason.TRANSPORT,
                    "cannot open the DHCP socket on " + ifName + " in " + netns + ": " + e.getMessage(), e);
        }
    }

    private static LinkInfo awaitOperUp(Netlink nl, String ifName) {
        long deadline = System.nanoTime() + CARRIER_WAIT_MS * 1_000_000;
        LinkInfo link = nl.links().require(ifName);
        while (!link.operState().equals("UP") && !link.operState().equals("UNKNOWN") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            link = nl.links().require(ifName);
        }
        return link;
    }

    private static NetNs openNs(String netns) {
        try {
            return NetNs.open(netns);
        } catch (NetlinkException e) {
            throw new DhcpException(DhcpException.Reason.NO_INTERFACE, "no network namespace " + netns
                    + ": " + e.getMessage(), e);
        }
    }
}
