package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ethtool.Ethtool;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.route.RouteSpec;

import java.util.Map;
import java.util.Optional;

/**
 * VXLAN (Flannel's scheme): one device {@code weft.VNI} with learning off, this node's subnet
 * address (x.y.z.0/32) on it, and per peer three static entries: an FDB entry sending the peer's
 * VTEP MAC to its underlay address, a permanent neighbour for the peer's subnet address, and an
 * onlink route to the peer's subnet through that address. No multicast, no flooding.
 *
 * <p>With direct routing (Flannel's DirectRouting), a peer on the same L2 segment gets a plain
 * host-gw route instead and no VXLAN entries: no encapsulation where none is needed. A peer that
 * moves between the two kinds is switched by replacing its route in place, so it never flaps.
 */
public final class VxlanBackend implements Backend {
    public static final int DEFAULT_VNI = 1;
    public static final int DEFAULT_PORT = 8472;
    public static final String VTEP_MAC = "vtepMAC";

    private final Netlink nl;
    private final LinkInfo device;
    private final HostGwBackend direct;

    private VxlanBackend(Netlink nl, LinkInfo device, HostGwBackend direct) {
        this.nl = nl;
        this.device = device;
        this.direct = direct;
    }

    /** The same backend, routing on-link peers directly (host-gw) and the rest through VXLAN. */
    public VxlanBackend withDirectRouting(IpAddress publicIp) {
        return new VxlanBackend(nl, device, new HostGwBackend(nl, publicIp));
    }

    /**
     * Ensures the VXLAN device on the uplink holding {@code publicIp}, MTU 50 below the uplink's
     * (the VXLAN/UDP/IP overhead), and returns the backend; the device's MAC goes into the lease.
     */
    public static VxlanBackend ensure(Netlink nl, IpAddress publicIp, int vni, int port) {
        return ensure(nl, publicIp, vni, port, false);
    }

    /** {@link #ensure}, turning TX checksum offload off when {@code disableTxChecksum} (see {@link TxChecksum}). */
    public static VxlanBackend ensure(Netlink nl, IpAddress publicIp, int vni, int port, boolean disableTxChecksum) {
        int uplink = nl.addresses().list().stream().filter(a -> a.address().address().equals(publicIp))
                .map(AddrCodec.Addr::index).findFirst()
                .orElseThrow(() -> new IllegalStateException("vxlan: no device holds this node's address " + publicIp));
        int mtu = nl.links().require(uplink).mtu() - 50;
        InterfaceName name = InterfaceName.of("weft." + vni);
        Optional<LinkInfo> existing = nl.links().get(name.value());
        if (existing.isPresent() && !"vxlan".equals(existing.get().kind())) {
            throw new IllegalStateException("device " + name + " exists and is not a vxlan device");
        }
        if (existing.isEmpty()) {
            nl.links().add(new LinkSpec.Vxlan(name, mtu, vni, publicIp, port, false, uplink));
        }
        LinkInfo dev = nl.links().require(name.value());
        if (disableTxChecksum) {
            Ethtool.setTxChecksum(name, false); // the agent's thread is in the node's namespace, as nl is
        }
        nl.links().setUp(dev.index());
        return new VxlanBackend(nl, nl.links().require(dev.index()), null);
    }

    /** What peers need to reach this node: the VTEP MAC. */
    public Map<String, String> backendData() {
        return Map.of(VTEP_MAC, device.mac().toString());
    }

    /** Puts this node's subnet address on the device (the source of pod traffic to peers). */
    public void ensureLocal(Cidr subnet) {
        nl.addresses().replace(device.index(), new InterfaceAddress(subnet.network(), subnet.network().bitLength()), 0);
    }

    public int mtu() {
        return device.mtu();
    }

    @Override
    public void ensurePeer(SubnetLease peer) {
        if (direct != null && direct.isOnLink(peer)) {
            direct.ensurePeer(peer); // replaces the VXLAN route in place, if there was one
            removeVxlanEntries(peer);
            return;
        }
        String mac = peer.backendData().get(VTEP_MAC);
        if (mac == null) {
            throw new PeerRefused("vxlan: peer " + peer.node() + " published no " + VTEP_MAC + " (not a vxlan node?)");
        }
        MacAddress vtep = MacAddress.parse(mac);
        nl.neighbours().add(Neighbour.vxlanFdb(device.index(), vtep, peer.publicIp()));
        nl.neighbours().add(Neighbour.permanent(device.index(), peer.subnet().network(), vtep));
        nl.routes().replace(RouteSpec.via(peer.subnet(), peer.subnet().network(), device.index()).withOnlink());
    }

    /** Through the same next hop as the peer's subnet: direct when on-link with direct routing, else its VTEP. */
    @Override
    public Optional<RouteSpec> routeVia(SubnetLease peer, Cidr dst) {
        if (direct != null && direct.isOnLink(peer)) {
            return direct.routeVia(peer, dst);
        }
        if (!peer.backendData().containsKey(VTEP_MAC) || dst.isV4() != peer.subnet().isV4()) {
            return Optional.empty();
        }
        return Optional.of(RouteSpec.via(dst, peer.subnet().network(), device.index()).withOnlink());
    }

    @Override
    public void removePeer(SubnetLease peer) {
        nl.routes().deleteIfExists(RouteSpec.via(peer.subnet(), peer.subnet().network(), device.index()).withOnlink());
        if (direct != null) {
            direct.removePeer(peer);
        }
        removeVxlanEntries(peer);
    }

    private void removeVxlanEntries(SubnetLease peer) {
        String mac = peer.backendData().get(VTEP_MAC);
        if (mac != null) {
            MacAddress vtep = MacAddress.parse(mac);
            nl.neighbours().deleteIfExists(Neighbour.permanent(device.index(), peer.subnet().network(), vtep));
            nl.neighbours().deleteIfExists(Neighbour.vxlanFdb(device.index(), vtep, peer.publicIp()));
        }
    }
}
