package dev.weft.plugins.net;

import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.net.Cidr;
import dev.weft.net.MacAddress;

import java.util.List;
import java.util.Optional;

/** One network namespace, and what plugins do in it. */
public interface Namespace extends AutoCloseable {

    /** The path this namespace was opened by ("" for the current one). */
    String path();

    Optional<Link> link(String name);

    Optional<Link> link(int index);

    /**
     * Creates the bridge or accepts an existing one; a non-bridge device of that name is an error.
     * {@link Ensured#created()} says whether this call made it (and so may take it away again).
     */
    Ensured<Link> ensureBridge(String name, int mtu, boolean vlanFiltering);

    /**
     * Creates a veth pair: {@code hostName} here, {@code peerName} directly in {@code peerNs}.
     * Returns the host end; the peer is found by name in {@code peerNs}.
     */
    Link createVeth(String hostName, String peerName, Namespace peerNs, int mtu);

    /**
     * Makes a veth pair a port of {@code bridge}: sets the bridge up, creates {@code hostName}
     * here, up and a port of the bridge, and {@code peerName} directly in {@code peerNs} (down)
     * with {@code peerMac} (an implementation may leave the MAC to the kernel: the returned peer
     * says which it got). Nothing is made when it throws {@link PortRefused}: a name taken on
     * either side, or a bridge that is gone. This default does it step by step; the netlink
     * namespace sends one datagram.
     */
    default BridgePort createBridgePort(String hostName, String peerName, MacAddress peerMac, Namespace peerNs, int mtu,
                                        Link bridge) {
        if (link(hostName).isPresent()) {
            throw new PortRefused(PortRefused.Reason.HOST_NAME_TAKEN, "\"" + hostName + "\" exists", null);
        }
        if (peerNs.link(peerName).isPresent()) {
            throw new PortRefused(PortRefused.Reason.PEER_NAME_TAKEN, "\"" + peerName + "\" exists", null);
        }
        if (link(bridge.index()).filter(Link::isBridge).isEmpty()) {
            throw new PortRefused(PortRefused.Reason.BRIDGE_GONE, "bridge \"" + bridge.name() + "\" is gone", null);
        }
        setUp(bridge);
        Link host = createVeth(hostName, peerName, peerNs, mtu);
        try {
            setMaster(host, bridge);
            setUp(host);
        } catch (RuntimeException e) {
            delete(host);
            throw e;
        }
        return new BridgePort(link(host.index()).orElse(host), peerNs.link(peerName).orElseThrow(),
                link(bridge.index()).orElse(bridge));
    }

    /** Creates a macvlan on {@code parent} (a device here) and moves it into {@code target} named {@code name}. */
    Link createMacvlan(String name, Link parent, int mode, int mtu, Namespace target);

    void setUp(Link link);

    void setMaster(Link link, Link master);

    void setHairpin(Link port, boolean on);

    void setPromisc(Link link, boolean on);

    /** Makes {@code vid} the untagged access VLAN of a bridge port (the bridge needs VLAN filtering). */
    void setAccessVlan(Link port, int vid);

    void setMtu(Link link, int mtu);

    /** Moves a device into {@code target}, renaming it to {@code newName} on the way. */
    void moveTo(Link link, Namespace target, String newName);

    void delete(Link link);

    /** Renames a device (it must be down). */
    void rename(Link link, String newName);

    /** Sets the kernel's ifalias (host-device remembers a device's original name there). */
    void setAlias(Link link, String alias);

    void setDown(Link link);

    /** Devices in this namespace. */
    List<Link> links();

    List<InterfaceAddress> addresses(Link link);

    /** Adds an address; an identical existing one is success. */
    void addAddress(Link link, InterfaceAddress address);

    void deleteAddress(Link link, InterfaceAddress address);

    /** Adds a route via {@code gateway} (or on-link when null) out of {@code link}; an existing identical one is success. */
    void addRoute(Cidr dst, IpAddress gateway, Link link);

    /**
     * Gives {@code link} its addresses (an identical existing one is success), sets it up, then
     * adds its routes (an identical existing one is success), in that order: the first error
     * is thrown. This default takes one request per step; the netlink namespace sends them all
     * in one datagram, which the kernel handles in order.
     */
    default void configure(Link link, List<InterfaceAddress> addresses, List<RouteTo> routes) {
        for (InterfaceAddress a : addresses) {
            addAddress(link, a);
        }
        setUp(link);
        for (RouteTo r : routes) {
            addRoute(r.dst(), r.gateway(), link);
        }
    }

    /** Destinations of the routes out of {@code link} in the main table. */
    List<Cidr> routeDestinations(Link link);

    /** The interface of the default route, if any (IPv4 first). */
    Optional<Link> defaultRouteLink();

    /** Writes {@code /proc/sys/KEY} (dots or slashes) as seen from this namespace. */
    void sysctl(String key, String value);

    String readSysctl(String key);

    /**
     * Makes {@code /proc/sys/KEY} read {@code value}, writing it only when it does not (as the
     * reference bridge plugin does with {@code ip_forward} on every ADD). The netlink namespace
     * trusts a value it ensured for a second without reading it again.
     */
    default void ensureSysctl(String key, String value) {
        if (!value.equals(readSysctl(key).strip())) {
            sysctl(key, value);
        }
    }

    @Override
    void close();
}
