package dev.weft.netlink;

import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;

import java.util.List;
import java.util.Optional;

/**
 * The flat, index-based view of a {@link Netlink} handle that the plugins were written against;
 * every method is one line over {@link Netlink#links()}, {@link Netlink#addresses()},
 * {@link Netlink#routes()} or {@link Netlink#neighbours()}. New code should use {@link Netlink}.
 */
public final class Rtnl implements AutoCloseable {
    private final Netlink nl;

    private Rtnl(Netlink nl) {
        this.nl = nl;
    }

    /** A handle in this thread's namespace. */
    public static Rtnl open() {
        return new Rtnl(Netlink.open());
    }

    /** A handle whose socket lives in {@code ns}. */
    public static Rtnl open(NetNs ns) {
        return new Rtnl(Netlink.open(ns));
    }

    /** The structured handle underneath. */
    public Netlink netlink() {
        return nl;
    }

    /** See {@link dev.weft.netlink.link.Links#add}. */
    public void addLink(LinkSpec spec) {
        nl.links().add(spec);
    }

    /** The link named {@code name}, if any. */
    public Optional<LinkInfo> link(String name) {
        return nl.links().get(name);
    }

    /** The link with {@code index}, if any. */
    public Optional<LinkInfo> link(int index) {
        return nl.links().get(index);
    }

    /** The link named {@code name} or a NotFoundException. */
    public LinkInfo requireLink(String name) {
        return nl.links().require(name);
    }

    /** Every link. */
    public List<LinkInfo> links() {
        return nl.links().list();
    }

    /** Up or down. */
    public void setUp(int index, boolean up) {
        if (up) {
            nl.links().setUp(index);
        } else {
            nl.links().setDown(index);
        }
    }

    /** Promiscuous mode. */
    public void setPromisc(int index, boolean on) {
        nl.links().setPromisc(index, on);
    }

    /** MTU. */
    public void setMtu(int index, int mtu) {
        nl.links().setMtu(index, mtu);
    }

    /** Hardware address. */
    public void setMac(int index, MacAddress mac) {
        nl.links().setMac(index, mac);
    }

    /** Rename. */
    public void setName(int index, String name) {
        nl.links().setName(index, InterfaceName.of(name));
    }

    /** Alias. */
    public void setAlias(int index, String alias) {
        nl.links().setAlias(index, alias);
    }

    /** Enslaves to {@code master}; 0 releases. */
    public void setMaster(int index, int master) {
        nl.links().setMaster(index, master);
    }

    /** Releases from its master bridge. */
    public void setNoMaster(int index) {
        nl.links().setNoMaster(index);
    }

    /** Moves into {@code target}, renamed to {@code newName} when not null. */
    public void setNetns(int index, NetNs target, String newName) {
        nl.links().setNetns(index, target, newName == null ? null : InterfaceName.of(newName));
    }

    /** Hairpin on a bridge port. */
    public void setHairpin(int index, boolean on) {
        nl.links().setHairpin(index, on);
    }

    /** Untagged access VLAN on a bridge port. */
    public void setAccessVlan(int index, int vid) {
        nl.links().setAccessVlan(index, vid);
    }

    /** Deletes by index. */
    public void deleteLink(int index) {
        nl.links().delete(index);
    }

    /** Deletes by name; false when there was none. */
    public boolean deleteLink(String name) {
        return nl.links().deleteIfExists(name);
    }

    /** Adds an address with IFA_F_* flags. */
    public void addAddress(int index, InterfaceAddress a, int flags) {
        nl.addresses().add(index, a, flags);
    }

    /** Adds or replaces an address. */
    public void replaceAddress(int index, InterfaceAddress a, int flags) {
        nl.addresses().replace(index, a, flags);
    }

    /** Removes an address. */
    public void deleteAddress(int index, InterfaceAddress a) {
        nl.addresses().delete(index, a);
    }

    /** Addresses of all links (index 0) or one, in both families. */
    public List<AddrCodec.Addr> addresses(int index) {
        return index == 0 ? nl.addresses().list() : nl.addresses().list(index);
    }

    /** Adds a route. */
    public void addRoute(RouteSpec r) {
        nl.routes().add(r);
    }

    /** Adds or replaces a route. */
    public void replaceRoute(RouteSpec r) {
        nl.routes().replace(r);
    }

    /** Deletes a route. */
    public void deleteRoute(RouteSpec r) {
        nl.routes().delete(r);
    }

    /** Routes of one table (0: every table) in both families. */
    public List<RouteSpec> routes(int table) {
        return table == 0 ? nl.routes().list() : nl.routes().list(table);
    }

    /** Adds or replaces a neighbour or FDB entry. */
    public void addNeighbour(Neighbour n) {
        nl.neighbours().add(n);
    }

    /** Appends one more destination for the same MAC. */
    public void appendNeighbour(Neighbour n) {
        nl.neighbours().append(n);
    }

    /** Deletes a neighbour or FDB entry. */
    public void deleteNeighbour(Neighbour n) {
        nl.neighbours().delete(n);
    }

    /** Neighbours or FDB entries of {@code family}; 0 for all. */
    public List<Neighbour> neighbours(int family) {
        return nl.neighbours().list(family);
    }

    /** A raw request, for operations above this layer. */
    public List<Message> request(MessageBuilder m, String op) {
        return nl.socket().request(m, op);
    }

    /** A raw dump. */
    public List<Message> dump(MessageBuilder m, String op) {
        return nl.socket().dump(m, op);
    }

    @Override
    public void close() {
        nl.close();
    }
}
