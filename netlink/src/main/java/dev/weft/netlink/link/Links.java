package dev.weft.netlink.link;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.socket.Reply;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.sys.Errno;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;

import java.util.List;
import java.util.Optional;

/**
 * Link operations on one handle's socket (from {@link dev.weft.netlink.Netlink#links()}): create
 * from a {@link LinkSpec}, get by name or index, dump, change and delete. Links are addressed by
 * index, which the kernel never reuses while the device lives; a name can be renamed under you.
 */
public final class Links {
    private final NetlinkSocket socket;

    /** Operations over {@code socket}; normally obtained from a {@link dev.weft.netlink.Netlink}. */
    public Links(NetlinkSocket socket) {
        this.socket = socket;
    }

    private void ack(MessageBuilder m, String op) {
        socket.request(m, op);
    }

    /**
     * Creates the device. An existing name is an {@link NetlinkException.ExistsException}; a kind
     * this kernel lacks (dummy, ipvlan, ipip here) a {@link NetlinkException.NotSupportedException}.
     */
    public void add(LinkSpec spec) {
        ack(LinkCodec.create(spec), "create " + spec.kind() + " " + spec.name());
    }

    /**
     * Creates the device and returns what the kernel made of it (in this handle's namespace): the
     * kernel's echo of the new device (NLM_F_ECHO, one round trip), or on kernels that do not echo
     * a new link (before 6.3) a GETLINK by name after it.
     */
    public LinkInfo addAndGet(LinkSpec spec) {
        List<Message> reply = socket.request(LinkCodec.create(spec, 0, false, true), "create " + spec.kind() + " "
                + spec.name());
        return echoed(reply).orElseGet(() -> require(spec.name().value()));
    }

    /** The new device in a creation's reply, when the kernel echoed it. */
    private static Optional<LinkInfo> echoed(List<Message> reply) {
        return reply.stream().filter(x -> x.type() == Nl.RTM_NEWLINK).findFirst().map(LinkCodec::decode);
    }

    /**
     * A new port and its master as they are once it joined. The port is as the kernel echoed it
     * when created (a veth's {@link LinkInfo#parent()} is its peer's index in the peer's namespace),
     * with {@code master} filled in: the kernel enslaves after the echo.
     */
    public record Port(LinkInfo link, LinkInfo master) {
    }

    /** When a new port is set administratively up, relative to joining its master. */
    public enum PortUp {
        /**
         * Created up (IFF_UP in the NEWLINK, which the kernel applies before IFLA_MASTER): the
         * device is up for a moment as a plain link (without carrier: its peer is still down),
         * then joins; one datagram. The default: it measured faster than {@link #AFTER_JOIN}
         * (docs/BENCHMARKS.md, issue #14).
         */
        IN_CREATE,
        /**
         * Created down and joined in one datagram, then set up by its index from the echo (a second
         * round trip): the device comes up already a port, as {@code ip link set master} then
         * {@code up} does. Not by name in the first datagram: when the name is taken the creation
         * fails and a SETLINK by name would set the other device up. Kept to measure against.
         */
        AFTER_JOIN
    }

    /** {@link #addPort(LinkSpec, int, PortUp)} created up ({@link PortUp#IN_CREATE}). */
    public Port addPort(LinkSpec spec, int master) {
        return addPort(spec, master, PortUp.IN_CREATE);
    }

    /**
     * Creates {@code spec} as a port of {@code master} (a bridge's index), up: one datagram of
     * {@code master} set up, the device created with IFLA_MASTER and echoed, and {@code master}
     * read back (a bridge whose MAC is not set follows its ports', so it may have changed with
     * this port), the NEWLINK carrying IFF_UP ({@link PortUp#IN_CREATE}); with
     * {@link PortUp#AFTER_JOIN} the device is set up by index after the datagram instead. A
     * {@link NetlinkException.NotFoundException} when {@code master} is gone (nothing is created:
     * the kernel refuses a missing master and undoes the device); any other failure after the
     * device was made deletes it again, so an error leaves nothing behind.
     */
    public Port addPort(LinkSpec spec, int master, PortUp when) {
        return addPort(spec, master, when, true);
    }

    /**
     * As {@link #addPort(LinkSpec, int, PortUp)}; without {@code ipv6LinkLocal} the device's IPv6
     * address generation is set to none ({@link LinkCodec#setIpv6AddrGenMode}) by its index right
     * after the datagram, in the SETLINK that {@link PortUp#AFTER_JOIN} sends anyway: a bridge
     * port needs no address, and without one the kernel skips the link-local address, its DAD
     * and its MLD reports when the port's carrier comes up (when the peer is set up, later). The
     * kernel refuses the attribute in the creation itself, and a name-addressed SETLINK in the
     * datagram would change another device when the name is taken: hence one more round trip. A
     * kernel without IPv6 (EAFNOSUPPORT) has nothing to turn off.
     */
    public Port addPort(LinkSpec spec, int master, PortUp when, boolean ipv6LinkLocal) {
        String name = spec.name().value();
        String create = "create " + spec.kind() + " " + spec.name() + " on master " + master;
        boolean afterJoin = when == PortUp.AFTER_JOIN;
        List<Reply> replies = socket.requestAll(
                List.of(LinkCodec.set(master, LinkInfo.IFF_UP, LinkInfo.IFF_UP),
                        LinkCodec.create(spec, master, !afterJoin, true), LinkCodec.get(master)),
                List.of("set link " + master + " up", create, "get link " + master));
        Reply up = replies.get(0);
        Reply made = replies.get(1);
        Reply read = replies.get(2);
        if (!made.failed() && (up.failed() || read.failed())) {
            throw undone(up.failed() ? up.error() : read.error(), name);
        }
        if (up.failed()) {
            throw up.error();
        }
        LinkInfo l = echoed(made.orThrow()).orElseGet(() -> require(name));
        LinkInfo m = echoed(read.orThrow()).orElseThrow(() -> new NetlinkException.NotFoundException("get link " + master,
                Errno.ENODEV, "no device with index " + master));
        try {
            if (!ipv6LinkLocal) {
                noIpv6LinkLocal(l.index(), afterJoin);
            } else if (afterJoin) {
                setUp(l.index());
            }
        } catch (NetlinkException e) {
            throw undone(e, name);
        }
        // the echo is the device before it joined (and, after AFTER_JOIN, before it was set up)
        return new Port(new LinkInfo(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), l.flags() | LinkInfo.IFF_UP,
                master, l.parent(), l.alias(), l.operState(), l.spec()), m);
    }

    /** IPv6 address generation none on {@code index}, set up with it when {@code up}. */
    private void noIpv6LinkLocal(int index, boolean up) {
        int flags = up ? LinkInfo.IFF_UP : 0;
        try {
            ack(LinkCodec.setIpv6AddrGenMode(index, LinkCodec.IN6_ADDR_GEN_MODE_NONE, flags, flags),
                    "set addrgenmode none" + (up ? " and up" : "") + " on " + index);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EAFNOSUPPORT) {
                throw e;
            }
            if (up) { // no IPv6 here: nothing to turn off, and the request that was to set it up failed whole
                setUp(index);
            }
        }
    }

    /** {@code e}, after deleting the device this call made (an undo that fails is added to it). */
    private NetlinkException undone(NetlinkException e, String name) {
        try {
            deleteIfExists(name);
        } catch (RuntimeException undo) {
            e.addSuppressed(undo);
        }
        return e;
    }

    /** The link named {@code name}, if any. */
    public Optional<LinkInfo> get(String name) {
        InterfaceName.of(name);
        return first(LinkCodec.get(name), "get link " + name);
    }

    /** The link with {@code index}, if any. */
    public Optional<LinkInfo> get(int index) {
        return first(LinkCodec.get(index), "get link " + index);
    }

    private Optional<LinkInfo> first(MessageBuilder m, String op) {
        try {
            return socket.request(m, op).stream().filter(x -> x.type() == Nl.RTM_NEWLINK).findFirst()
                    .map(LinkCodec::decode);
        } catch (NetlinkException.NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The link named {@code name}, or a {@link NetlinkException.NotFoundException} (ENODEV). */
    public LinkInfo require(String name) {
        return get(name).orElseThrow(() -> new NetlinkException.NotFoundException("get link " + name, Errno.ENODEV,
                "no device named \"" + name + "\""));
    }

    /** The link with {@code index}, or a {@link NetlinkException.NotFoundException} (ENODEV). */
    public LinkInfo require(int index) {
        return get(index).orElseThrow(() -> new NetlinkException.NotFoundException("get link " + index,
                Errno.ENODEV, "no device with index " + index));
    }

    /** Every link of the namespace (a multipart dump). */
    public List<LinkInfo> list() {
        return socket.dump(LinkCodec.dump(), "dump links").stream()
                .filter(m -> m.type() == Nl.RTM_NEWLINK).map(LinkCodec::decode).toList();
    }

    /** Sets the link administratively up. */
    public void setUp(int index) {
        ack(LinkCodec.set(index, LinkInfo.IFF_UP, LinkInfo.IFF_UP), "set link " + index + " up");
    }

    /** Sets the link administratively down. */
    public void setDown(int index) {
        ack(LinkCodec.set(index, 0, LinkInfo.IFF_UP), "set link " + index + " down");
    }

    /** Sets it up unless it already is; true when it changed. */
    public boolean ensureUp(String name) {
        LinkInfo l = require(name);
        if (l.isUp()) {
            return false;
        }
        setUp(l.index());
        return true;
    }

    /** Promiscuous mode on or off. */
    public void setPromisc(int index, boolean on) {
        ack(LinkCodec.set(index, on ? LinkInfo.IFF_PROMISC : 0, LinkInfo.IFF_PROMISC), "set promisc " + index);
    }

    /** All-multicast mode on or off. */
    public void setAllmulti(int index, boolean on) {
        ack(LinkCodec.set(index, on ? LinkInfo.IFF_ALLMULTI : 0, LinkInfo.IFF_ALLMULTI), "set allmulti " + index);
    }

    /** Sets the transmit queue length ({@code ip link set ... txqueuelen}). */
    public void setTxQueueLength(int index, int qlen) {
        ack(LinkCodec.setTxQueueLength(index, qlen), "set txqueuelen " + qlen + " on " + index);
    }

    /** The transmit queue length of the link with {@code index} (ENODEV when there is none). */
    public int txQueueLength(int index) {
        return socket.request(LinkCodec.get(index), "get link " + index).stream().filter(x -> x.type() == Nl.RTM_NEWLINK)
                .findFirst().map(LinkCodec::txQueueLength).orElseThrow(() -> new NetlinkException.NotFoundException(
                        "get link " + index, Errno.ENODEV, "no device with index " + index));
    }

    /** Sets the MTU (EINVAL below the device's minimum). */
    public void setMtu(int index, int mtu) {
        ack(LinkCodec.setMtu(index, mtu), "set mtu " + mtu + " on " + index);
    }

    /** Sets the hardware address. */
    public void setMac(int index, MacAddress mac) {
        ack(LinkCodec.setMac(index, mac), "set mac " + mac + " on " + index);
    }

    /** Renames the link (EBUSY while it is up). */
    public void setName(int index, InterfaceName name) {
        ack(LinkCodec.setName(index, name), "rename " + index + " to " + name);
    }

    /** Sets the alias ({@code ip link set ... alias}). */
    public void setAlias(int index, String alias) {
        ack(LinkCodec.setAlias(index, alias), "set alias " + index);
    }

    /** Enslaves the link to bridge (or other master) {@code master}. */
    public void setMaster(int index, int master) {
        ack(LinkCodec.setMaster(index, master), "set master " + master + " on " + index);
    }

    /** Releases the link from its master ({@code nomaster}). */
    public void setNoMaster(int index) {
        ack(LinkCodec.setMaster(index, 0), "set nomaster on " + index);
    }

    /** Moves the link into {@code target} (by its open fd), renamed when {@code newName} is not null. */
    public void setNetns(int index, NetNs target, InterfaceName newName) {
        ack(LinkCodec.setNetns(index, target.fd(), newName), "move link " + index + " to " + target.path());
    }

    /** Hairpin (reflective relay) on a bridge port. */
    public void setHairpin(int index, boolean on) {
        ack(LinkCodec.hairpin(index, on), "set hairpin " + (on ? "on" : "off") + " on port " + index);
    }

    /** VLAN filtering of an existing bridge (EOPNOTSUPP on kernels built without it). */
    public void setVlanFiltering(int bridgeIndex, boolean on) {
        ack(LinkCodec.setVlanFiltering(bridgeIndex, on), "set vlan_filtering " + (on ? 1 : 0) + " on " + bridgeIndex);
    }

    /** Makes {@code vid} the untagged access VLAN of bridge port {@code index} and drops the default VLAN 1. */
    public void setAccessVlan(int index, int vid) {
        ack(LinkCodec.portVlan(index, vid, true, true), "set vlan " + vid + " on port " + index);
        if (vid != 1) {
            ack(LinkCodec.portVlan(index, 1, false, false), "remove default vlan from port " + index);
        }
    }

    /** Deletes the link (a veth takes its peer with it). */
    public void delete(int index) {
        ack(LinkCodec.delete(index), "delete link " + index);
    }

    /** Deletes the link named {@code name}; false when there was none. */
    public boolean deleteIfExists(String name) {
        Optional<LinkInfo> l = get(name);
        if (l.isEmpty()) {
            return false;
        }
        try {
            delete(l.get().index());
            return true;
        } catch (NetlinkException.NotFoundException raced) {
            return false;
        }
    }
}
