package dev.weft.plugins.net;

import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.net.Cidr;

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

    /** Destinations of the routes out of {@code link} in the main table. */
    List<Cidr> routeDestinations(Link link);

    /** The interface of the default route, if any (IPv4 first). */
    Optional<Link> defaultRouteLink();

    /** Writes {@code /proc/sys/KEY} (dots or slashes) as seen from this namespace. */
    void sysctl(String key, String value);

    String readSysctl(String key);

    @Override
    void close();
}
