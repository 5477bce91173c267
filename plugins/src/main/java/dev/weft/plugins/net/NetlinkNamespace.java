package dev.weft.plugins.net;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.link.LinkCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.socket.Reply;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.Links;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Namespace} on a {@link Netlink} handle opened inside the namespace. */
final class NetlinkNamespace implements Namespace {
    private final NetNs ns;
    private final String path;
    /** The namespace's netlink handle, being opened on a worker until first used (see {@link #nl()}). */
    private final java.util.concurrent.CompletableFuture<Netlink> pending;
    private volatile Netlink nl;
    private final BridgeCache bridges;
    /** The kernel's sysctls ensured lately ({@code null}: none kept). */
    private final SysctlCache sysctls;
    private final Links.PortUp portUp;
    /** The namespace's nsfs {dev, inode}, read on first use; empty when it cannot be read (no caching then). */
    private long[] identity;

    /** Takes the handle back for another call instead of its being closed (null: always closed). */
    private final java.util.function.Predicate<NetlinkNamespace> keeper;
    /** Held by a call (a kept handle is not, until taken again by {@link #reuse}). */
    private final java.util.concurrent.atomic.AtomicBoolean inUse = new java.util.concurrent.atomic.AtomicBoolean(true);

    /** Whether bridge ports made here get an IPv6 link-local address (see {@link NetlinkKernel}). */
    private final boolean portIpv6LinkLocal;

    NetlinkNamespace(NetNs ns, String path, Netlink nl) {
        this(ns, path, nl, null, null, Links.PortUp.IN_CREATE, true);
    }

    /**
     * With the kernel's caches of ensured bridges and sysctls ({@code null}: none), bridge ports set up
     * {@code portUp}, with an IPv6 link-local address when {@code portIpv6LinkLocal}.
     */
    NetlinkNamespace(NetNs ns, String path, Netlink nl, BridgeCache bridges, SysctlCache sysctls, Links.PortUp portUp,
                     boolean portIpv6LinkLocal) {
        this(ns, path, java.util.concurrent.CompletableFuture.completedFuture(nl), bridges, sysctls, portUp,
                portIpv6LinkLocal);
    }

    /** With the handle still being opened ({@link Netlink#start}): waited for at its first use. */
    NetlinkNamespace(NetNs ns, String path, java.util.concurrent.CompletableFuture<Netlink> pending,
                     BridgeCache bridges, SysctlCache sysctls, Links.PortUp portUp, boolean portIpv6LinkLocal) {
        this(ns, path, pending, bridges, sysctls, portUp, portIpv6LinkLocal, null);
    }

    /** As above; {@link #close} offers the handle to {@code keeper} first, and closes it only if refused ({@link HostHandles}). */
    NetlinkNamespace(NetNs ns, String path, java.util.concurrent.CompletableFuture<Netlink> pending,
                     BridgeCache bridges, SysctlCache sysctls, Links.PortUp portUp, boolean portIpv6LinkLocal,
                     java.util.function.Predicate<NetlinkNamespace> keeper) {
        this.keeper = keeper;
        this.ns = ns;
        this.path = path;
        this.pending = pending;
        this.bridges = bridges;
        this.sysctls = sysctls;
        this.portUp = portUp;
        this.portIpv6LinkLocal = portIpv6LinkLocal;
    }

    /** A kept handle taken by the next call. */
    NetlinkNamespace reuse() {
        inUse.set(true);
        return this;
    }

    private long[] identity() {
        if (identity == null) {
            identity = identityOf(Path.of("/proc/self/fd/" + ns.fd())).orElse(new long[0]);
        }
        return identity;
    }

    /** The nsfs {dev, inode} of the namespace {@code nsFile} names; empty when it cannot be read. */
    static java.util.Optional<long[]> identityOf(Path nsFile) {
        try {
            Map<String, Object> a = Files.readAttributes(nsFile, "unix:dev,ino");
            return java.util.Optional.of(new long[] {(Long) a.get("dev"), (Long) a.get("ino")});
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private BridgeCache.Key bridgeKey(String name) {
        long[] id = identity();
        return bridges == null || id.length == 0 ? null : new BridgeCache.Key(id[0], id[1], name);
    }

    private void forgetBridge(int index) {
        long[] id = bridges == null ? new long[0] : identity();
        if (id.length == 2) {
            bridges.forget(id[0], id[1], index);
        }
    }

    private static Link of(LinkInfo i) {
        return new Link(i.index(), i.name(), i.kind(), i.mac(), i.mtu(), i.isUp(), i.master(), i.alias());
    }

    private static NetNs nsOf(Namespace other) {
        return ((NetlinkNamespace) other).ns;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Optional<Link> link(String name) {
        return nl().links().get(name).map(NetlinkNamespace::of);
    }

    @Override
    public Optional<Link> link(int index) {
        return nl().links().get(index).map(NetlinkNamespace::of);
    }

    @Override
    public List<Link> links() {
        return nl().links().list().stream().map(NetlinkNamespace::of).toList();
    }

    @Override
    public Ensured<Link> ensureBridge(String name, int mtu, boolean vlanFiltering) {
        BridgeCache.Key key = bridgeKey(name);
        Link cached = key == null ? null : bridges.get(key);
        if (cached != null) {
            return new Ensured<>(cached, false);
        }
        Ensured<Link> ensured = ensureBridgeNow(name, mtu, vlanFiltering);
        if (key != null) {
            bridges.put(key, ensured.value());
        }
        return ensured;
    }

    private Ensured<Link> ensureBridgeNow(String name, int mtu, boolean vlanFiltering) {
        Optional<Link> existing = link(name);
        boolean created = false;
        if (existing.isEmpty()) {
            try {
                nl().links().add(new LinkSpec.Bridge(InterfaceName.of(name), mtu, vlanFiltering));
                created = true;
                pinMac(name);
            } catch (NetlinkException.ExistsException raced) {
                // another plugin process created it first: fine, check it below
            } catch (NetlinkException.NotSupportedException e) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "cannot create bridge \"" + name + "\""
                        + (vlanFiltering ? " with VLAN filtering" : "") + ": not supported by this kernel", e);
            }
            existing = link(name);
        }
        Link l = existing.orElseThrow();
        if (!l.isBridge()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "device \"" + name + "\" already exists and is "
                    + (l.kind().isEmpty() ? "not a bridge" : "a " + l.kind() + ", not a bridge"));
        }
        return new Ensured<>(l, created);
    }

    /**
     * Left alone, a bridge takes the lowest MAC among its ports, so its gateway MAC would change
     * as pods come and go (and every pod's ARP entry go stale). Setting its own address pins it,
     * as the reference plugin does. A bridge that cannot be pinned is deleted again: nothing of a
     * failed ensure stays.
     */
    private void pinMac(String name) {
        LinkInfo made = nl().links().require(name);
        try {
            if (made.mac() != null) {
                nl().links().setMac(made.index(), made.mac());
            }
        } catch (RuntimeException e) {
            try {
                nl().links().delete(made.index());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    @Override
    public Link createVeth(String hostName, String peerName, Namespace peerNs, int mtu) {
        nl().links().add(new LinkSpec.Veth(InterfaceName.of(hostName), mtu, InterfaceName.of(peerName), nsOf(peerNs).fd()));
        return link(hostName).orElseThrow();
    }

    /**
     * One datagram of three requests ({@link dev.weft.netlink.link.Links#addPort}; with
     * {@code PortUp.AFTER_JOIN} a SETLINK up after it): no lookup of
     * the new ends after creating them (the host end is the kernel's echo, the peer is known by
     * its index in the echo and the MAC chosen here), and none of the bridge before (the bridge
     * is read back in the same datagram, which also checks a cached one is still that bridge).
     */
    @Override
    public BridgePort createBridgePort(String hostName, String peerName, MacAddress peerMac, Namespace peerNs, int mtu,
                                       Link bridge) {
        LinkSpec.Veth spec = new LinkSpec.Veth(InterfaceName.of(hostName), mtu, InterfaceName.of(peerName),
                nsOf(peerNs).fd(), peerMac);
        Links.Port port;
        try {
            port = nl().links().addPort(spec, bridge.index(), portUp, portIpv6LinkLocal);
        } catch (NetlinkException.ExistsException e) {
            boolean peerSide = peerNs.link(peerName).isPresent();
            throw new PortRefused(peerSide ? PortRefused.Reason.PEER_NAME_TAKEN : PortRefused.Reason.HOST_NAME_TAKEN,
                    "\"" + (peerSide ? peerName : hostName) + "\" exists", e);
        } catch (NetlinkException e) {
            // ENODEV from the bridge's index, or the index is a device that takes no ports now
            forgetBridge(bridge.index());
            throw new PortRefused(PortRefused.Reason.BRIDGE_GONE, "bridge \"" + bridge.name() + "\" (index "
                    + bridge.index() + ") is gone", e);
        }
        Link br = of(port.master());
        if (!br.isBridge() || !br.name().equals(bridge.name())) {
            forgetBridge(bridge.index());
            delete(of(port.link()));
            throw new PortRefused(PortRefused.Reason.BRIDGE_GONE, "index " + bridge.index() + " is \"" + br.name()
                    + "\" now, not bridge \"" + bridge.name() + "\"", null);
        }
        Link host = of(port.link());
        Link peer = new Link(port.link().parent(), peerName, "veth", peerMac, port.link().mtu(), false, 0, "");
        return new BridgePort(host, peer, br);
    }

    @Override
    public Link createMacvlan(String name, Link parent, int mode, int mtu, Namespace target) {
        int fd = target == this ? -1 : nsOf(target).fd();
        nl().links().add(new LinkSpec.Macvlan(InterfaceName.of(name), mtu, parent.index(), mode, fd));
        return target.link(name).orElseThrow();
    }

    @Override
    public void setUp(Link link) {
        nl().links().setUp(link.index());
    }

    @Override
    public void rename(Link link, String newName) {
        forgetBridge(link.index());
        nl().links().setName(link.index(), InterfaceName.of(newName));
    }

    @Override
    public void setDown(Link link) {
        nl().links().setDown(link.index());
    }

    @Override
    public void setMaster(Link link, Link master) {
        nl().links().setMaster(link.index(), master.index());
    }

    @Override
    public void setHairpin(Link port, boolean on) {
        nl().links().setHairpin(port.index(), on);
    }

    @Override
    public void setPromisc(Link link, boolean on) {
        nl().links().setPromisc(link.index(), on);
    }

    @Override
    public void setAccessVlan(Link port, int vid) {
        nl().links().setAccessVlan(port.index(), vid);
    }

    @Override
    public void setMtu(Link link, int mtu) {
        nl().links().setMtu(link.index(), mtu);
    }

    @Override
    public void setAlias(Link link, String alias) {
        nl().links().setAlias(link.index(), alias);
    }

    @Override
    public void moveTo(Link link, Namespace target, String newName) {
        nl().links().setNetns(link.index(), nsOf(target), newName == null ? null : InterfaceName.of(newName));
    }

    @Override
    public void delete(Link link) {
        forgetBridge(link.index());
        try {
            nl().links().delete(link.index());
        } catch (NetlinkException.NotFoundException gone) {
            // already gone (a veth peer takes its partner with it)
        }
    }

    @Override
    public List<InterfaceAddress> addresses(Link link) {
        return nl().addresses().list(link.index()).stream().map(AddrCodec.Addr::address).toList();
    }

    @Override
    public void addAddress(Link link, InterfaceAddress address) {
        nl().addresses().replace(link.index(), address, address.isV4() ? 0 : AddrCodec.NODAD);
    }

    @Override
    public void deleteAddress(Link link, InterfaceAddress address) {
        try {
            nl().addresses().delete(link.index(), address);
        } catch (NetlinkException.NotFoundException gone) {
            // nothing to delete
        }
    }

    @Override
    public void addRoute(Cidr dst, IpAddress gateway, Link link) {
        nl().routes().replace(gateway == null ? RouteSpec.onLink(dst, link.index()) : RouteSpec.via(dst, gateway, link.index()));
    }

    @Override
    public void configure(Link link, List<InterfaceAddress> addresses, List<RouteTo> routes) {
        List<MessageBuilder> reqs = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        for (InterfaceAddress a : addresses) {
            reqs.add(AddrCodec.add(link.index(), a, a.isV4() ? 0 : AddrCodec.NODAD, true));
            ops.add("replace address " + a + " on " + link.index());
        }
        reqs.add(LinkCodec.set(link.index(), LinkInfo.IFF_UP, LinkInfo.IFF_UP));
        ops.add("set link " + link.index() + " up");
        for (RouteTo r : routes) {
            reqs.add(RouteCodec.add(r.gateway() == null ? RouteSpec.onLink(r.dst(), link.index())
                    : RouteSpec.via(r.dst(), r.gateway(), link.index()), true));
            ops.add("replace route " + r.dst() + (r.gateway() == null ? "" : " via " + r.gateway()) + " on "
                    + link.index());
        }
        for (Reply reply : nl().socket().requestAll(reqs, ops)) {
            reply.orThrow();
        }
    }

    @Override
    public List<Cidr> routeDestinations(Link link) {
        return nl().routes().list(RouteCodec.MAIN).stream().filter(r -> r.oif() == link.index()).map(RouteSpec::dst).toList();
    }

    @Override
    public Optional<Link> defaultRouteLink() {
        return nl().routes().list(RouteCodec.MAIN).stream()
                .filter(r -> r.dst().prefixLength() == 0 && r.oif() > 0)
                .sorted((x, y) -> Boolean.compare(!x.dst().isV4(), !y.dst().isV4()))
                .findFirst().flatMap(r -> link(r.oif()));
    }

    @Override
    public void sysctl(String key, String value) {
        ns.sysctl(key, value);
    }

    @Override
    public String readSysctl(String key) {
        return ns.readSysctl(key);
    }

    @Override
    public void ensureSysctl(String key, String value) {
        long[] id = sysctls == null ? new long[0] : identity();
        SysctlCache.Key k = id.length == 2 ? new SysctlCache.Key(id[0], id[1], key) : null;
        if (k != null && sysctls.fresh(k, value)) {
            return;
        }
        Namespace.super.ensureSysctl(key, value);
        if (k != null) {
            sysctls.ensured(k, value);
        }
    }

    private Netlink nl() {
        if (nl == null) {
            nl = NetNs.await(pending);
        }
        return nl;
    }

    /** Closes the handle (waiting for it if it is still being opened: the worker uses {@code ns}), then {@code ns}. */
    @Override
    public void close() {
        if (keeper != null) {
            if (!inUse.compareAndSet(true, false)) {
                return; // closed twice: kept or closed already, never handed to two calls
            }
            if (keeper.test(this)) {
                return;
            }
        }
        closeNow();
    }

    /** Closes the handle and the namespace, kept or not. */
    void closeNow() {
        try {
            nl().close();
        } catch (RuntimeException neverOpened) {
            // the socket could not be opened: nothing to close but the namespace
        } finally {
            ns.close();
        }
    }
}
