package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.route.RouteSpec;

import java.util.List;

/**
 * host-gw: a route per peer subnet via the peer's underlay address, out of the device that holds
 * this node's address. It works only when every peer is on-link (same L2); a peer that is not is
 * refused with the reason, never routed through some other gateway by accident.
 */
public final class HostGwBackend implements Backend {
    private final Netlink nl;
    private final int uplink;
    private final List<InterfaceAddressCheck> onLink;

    /** The connected networks of the uplink, to tell on-link peers from the rest. */
    private record InterfaceAddressCheck(dev.weft.net.Cidr network) {
    }

    public HostGwBackend(Netlink nl, IpAddress publicIp) {
        this.nl = nl;
        List<AddrCodec.Addr> mine = nl.addresses().list().stream()
                .filter(a -> a.address().address().equals(publicIp)).toList();
        if (mine.isEmpty()) {
            throw new IllegalStateException("host-gw: no device holds this node's address " + publicIp);
        }
        this.uplink = mine.getFirst().index();
        this.onLink = nl.addresses().list().stream().filter(a -> a.index() == uplink)
                .map(a -> new InterfaceAddressCheck(a.address().network())).toList();
    }

    /** True when {@code peer}'s underlay address is in one of this node's uplink networks. */
    public boolean isOnLink(SubnetLease peer) {
        return onLink.stream().anyMatch(c -> c.network().contains(peer.publicIp()));
    }

    @Override
    public void ensurePeer(SubnetLease peer) {
        if (!isOnLink(peer)) {
            throw new PeerRefused("host-gw: peer " + peer.node() + " (" + peer.publicIp() + ") is not on-link from "
                    + "this node's networks " + onLink.stream().map(c -> c.network().toString()).toList()
                    + "; host-gw needs every node on one L2 segment (use the vxlan backend)");
        }
        nl.routes().replace(route(peer));
    }

    @Override
    public void removePeer(SubnetLease peer) {
        nl.routes().deleteIfExists(route(peer));
    }

    @Override
    public java.util.Optional<RouteSpec> routeVia(SubnetLease peer, dev.weft.net.Cidr dst) {
        return isOnLink(peer) && dst.isV4() == peer.publicIp().isV4() ? java.util.Optional.of(RouteSpec.via(dst, peer.publicIp(), uplink)) : java.util.Optional.empty();
    }

    private RouteSpec route(SubnetLease peer) {
        return RouteSpec.via(peer.subnet(), peer.publicIp(), uplink);
    }
}
