package dev.weft.netlink;

import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.link.LinkCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.MacAddress;

import java.util.List;
import java.util.Optional;

/**
 * An rtnetlink handle bound to one network namespace for its whole life. Safe to use from any
 * thread; requests are serialised.
 */
public final class Rtnl implements AutoCloseable {
    private static final int IFLA_MTU = 4;
    private final NetlinkSocket socket;

    private Rtnl(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A handle in this process's namespace. */
    public static Rtnl open() {
        return new Rtnl(NetlinkSocket.open(0));
    }

    /** A handle whose socket lives in {@code ns} (opened on a one-shot thread inside it). */
    public static Rtnl open(NetNs ns) {
        return new Rtnl(ns.run(() -> NetlinkSocket.open(0)));
    }

    private void ack(MessageBuilder m, String op) {
        socket.request(m, op);
    }

    // ---- links

    public void addLink(LinkSpec spec) {
        try {
            ack(LinkCodec.create(spec), "create " + kind(spec) + " " + spec.name());
        } catch (NetlinkException.NotSupportedException e) {
            throw e;
        } catch (NetlinkException e) {
            if (e.kernelMessage() != null && e.kernelMessage().contains("Unknown device type")) {
                throw new NetlinkException.NotSupportedException("create " + kind(spec) + " " + spec.name(), 95,
                        "device kind \"" + kind(spec) + "\" is not supported by this kernel");
            }
            throw e;
        }
    }

    private static String kind(LinkSpec s) {
        return switch (s) {
            case LinkSpec.Bridge b -> "bridge";
            case LinkSpec.Veth v -> "veth";
            case LinkSpec.Macvlan m -> "macvlan";
            case LinkSpec.Vxlan x -> "vxlan";
            case LinkSpec.Other o -> o.kind();
        };
    }

    public Optional<LinkInfo> link(String name) {
        try {
            return socket.request(LinkCodec.get(name), "get link " + name).stream()
                    .filter(m -> m.type() == Nl.RTM_NEWLINK).findFirst().map(LinkCodec::decode);
        } catch (NetlinkException.NotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<LinkInfo> link(int index) {
        try {
            return socket.request(LinkCodec.get(index), "get link " + index).stream()
                    .filter(m -> m.type() == Nl.RTM_NEWLINK).findFirst().map(LinkCodec::decode);
        } catch (NetlinkException.NotFoundException e) {
            return Optional.empty();
        }
    }

    public LinkInfo requireLink(String name) {
        return link(name).orElseThrow(() -> new NetlinkException.NotFoundException("get link " + name, 19,
                "no device named \"" + name + "\""));
    }

    public List<LinkInfo> links() {
        return socket.dump(LinkCodec.dump(), "dump links").stream()
                .filter(m -> m.type() == Nl.RTM_NEWLINK).map(LinkCodec::decode).toList();
    }

    public void setUp(int index, boolean up) {
        ack(LinkCodec.set(index, up ? LinkInfo.IFF_UP : 0, LinkInfo.IFF_UP), "set link " + index + (up ? " up" : " down"));
    }

    public void setPromisc(int index, boolean on) {
        ack(LinkCodec.set(index, on ? LinkInfo.IFF_PROMISC : 0, LinkInfo.IFF_PROMISC), "set promisc " + index);
    }

    public void setMtu(int index, int mtu) {
        ack(LinkCodec.set(index, 0, 0).u32(IFLA_MTU, mtu), "set mtu " + index);
    }

    public void setMac(int index, MacAddress mac) {
        ack(LinkCodec.set(index, 0, 0).attr(1, mac.bytes()), "set mac " + index);
    }

    public void setName(int index, String name) {
        ack(LinkCodec.set(index, 0, 0).string(3, dev.weft.net.InterfaceName.of(name).value()), "rename " + index);
    }

    public void setAlias(int index, String alias) {
        ack(LinkCodec.set(index, 0, 0).string(20, alias), "set alias " + index);
    }

    /** Enslaves to {@code master}; 0 releases. */
    public void setMaster(int index, int master) {
        ack(LinkCodec.set(index, 0, 0).u32(10, master), "set master " + index);
    }

    /** Moves to the namespace open at {@code nsFd}, renamed to {@code newName} when not null. */
    public void setNetns(int index, NetNs target, String newName) {
        MessageBuilder m = LinkCodec.set(index, 0, 0).u32(28, target.fd());
        if (newName != null) {
            m.string(3, dev.weft.net.InterfaceName.of(newName).value());
        }
        ack(m, "move link " + index + " to " + target.path());
    }

    public void setHairpin(int index, boolean on) {
        ack(LinkCodec.hairpin(index, on), "set hairpin " + index);
    }

    /** Makes {@code vid} the untagged access VLAN of bridge port {@code index} and drops the default VLAN 1. */
    public void setAccessVlan(int index, int vid) {
        ack(LinkCodec.portVlan(index, vid, true, true), "set vlan " + vid + " on port " + index);
        if (vid != 1) {
            ack(LinkCodec.portVlan(index, 1, false, false), "remove default vlan from port " + index);
        }
    }

    public void deleteLink(int index) {
        ack(LinkCodec.delete(index), "delete link " + index);
    }

    /** Deletes by name; false when there was none. */
    public boolean deleteLink(String name) {
        Optional<LinkInfo> l = link(name);
        l.ifPresent(info -> deleteLink(info.index()));
        return l.isPresent();
    }

    // ---- addresses

    public void addAddress(int index, InterfaceAddress a, int flags) {
        ack(AddrCodec.add(index, a, flags, false), "add address " + a + " to " + index);
    }

    public void replaceAddress(int index, InterfaceAddress a, int flags) {
        ack(AddrCodec.add(index, a, flags, true), "replace address " + a + " on " + index);
    }

    public void deleteAddress(int index, InterfaceAddress a) {
        ack(AddrCodec.delete(index, a), "delete address " + a + " from " + index);
    }

    /** Addresses of all links (index 0) or one, in both families. */
    public List<AddrCodec.Addr> addresses(int index) {
        return socket.dump(AddrCodec.dump(Nl.AF_UNSPEC), "dump addresses").stream()
                .filter(m -> m.type() == Nl.RTM_NEWADDR).map(AddrCodec::decode)
                .filter(a -> index == 0 || a.index() == index).toList();
    }

    // ---- routes

    public void addRoute(RouteSpec r) {
        ack(RouteCodec.add(r, false), "add route " + r.dst());
    }

    public void replaceRoute(RouteSpec r) {
        ack(RouteCodec.add(r, true), "replace route " + r.dst());
    }

    public void deleteRoute(RouteSpec r) {
        ack(RouteCodec.delete(r), "delete route " + r.dst());
    }

    /** Routes of one table (0: every table) in both families. */
    public List<RouteSpec> routes(int table) {
        return socket.dump(RouteCodec.dump(Nl.AF_UNSPEC), "dump routes").stream()
                .filter(m -> m.type() == Nl.RTM_NEWROUTE).map(RouteCodec::decode)
                .filter(r -> table == 0 || r.table() == table).toList();
    }

    // ---- neighbours and FDB

    /** Adds or replaces a neighbour or FDB entry. */
    public void addNeighbour(dev.weft.netlink.neigh.Neighbour n) {
        ack(dev.weft.netlink.neigh.NeighCodec.add(n, false), "add neighbour " + n.mac());
    }

    /** Appends one more destination for the same MAC (VXLAN flood list with the all-zero MAC). */
    public void appendNeighbour(dev.weft.netlink.neigh.Neighbour n) {
        ack(dev.weft.netlink.neigh.NeighCodec.add(n, true), "append neighbour " + n.mac());
    }

    public void deleteNeighbour(dev.weft.netlink.neigh.Neighbour n) {
        ack(dev.weft.netlink.neigh.NeighCodec.delete(n), "delete neighbour " + n.mac());
    }

    /** Neighbours ({@code AF_INET}/{@code AF_INET6}) or FDB entries ({@code AF_BRIDGE}); 0 for all families. */
    public List<dev.weft.netlink.neigh.Neighbour> neighbours(int family) {
        return socket.dump(dev.weft.netlink.neigh.NeighCodec.dump(family), "dump neighbours").stream()
                .filter(m -> m.type() == Nl.RTM_NEWNEIGH).map(dev.weft.netlink.neigh.NeighCodec::decode).toList();
    }

    /** Releases from its master bridge. */
    public void setNoMaster(int index) {
        setMaster(index, 0);
    }

    /** Raw access for the operations above this layer. */
    public List<Message> request(MessageBuilder m, String op) {
        return socket.request(m, op);
    }

    public List<Message> dump(MessageBuilder m, String op) {
        return socket.dump(m, op);
    }

    @Override
    public void close() {
        socket.close();
    }
}
