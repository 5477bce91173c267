package dev.weft.plugins.bridge;

import dev.weft.invoke.PluginExec;
import dev.weft.sdk.Skel;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.Route;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.MacAddress;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.common.Attach;
import dev.weft.plugins.common.ContainerSide;
import dev.weft.plugins.common.HostVethName;
import dev.weft.plugins.common.Rollback;
import dev.weft.plugins.net.BridgePort;
import dev.weft.plugins.net.Ensured;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.plugins.net.PortRefused;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.StatusRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code weft-bridge}. */
public final class BridgePlugin implements Plugin {
    static final int BRIDGE = 0;
    static final int HOST_VETH = 1;
    static final int CONTAINER = 2;

    private final Kernel kernel;
    private final IpamDelegate ipam;
    private final Masquerade masquerade;
    private final MacSpoofCheck spoofCheck;
    private final Supplier<String> hostVethNames;
    /** Tries of {@link #attach}: a host name drawn again, or a bridge ensured again, twice at most. */
    private static final int MAX_ATTEMPTS = 3;

    public static void main(String[] args) {
        Skel.main(exec -> standard(exec));
    }

    /** Wired for a real host; {@code exec} runs the IPAM plugin (a process, or in the agent's JVM). */
    public static BridgePlugin standard(PluginExec exec) {
        return standard(exec, new dev.weft.plugins.net.NetlinkKernel());
    }

    /** As {@link #standard(PluginExec)} on {@code kernel} (the agent's reaps in the background). */
    public static BridgePlugin standard(PluginExec exec, Kernel kernel) {
        var nft = new dev.weft.nft.NftCli();
        return new BridgePlugin(kernel, new IpamDelegate(exec),
                new Masquerade(nft, Masquerade.DEFAULT_LOCK), new MacSpoofCheck(nft, MacSpoofCheck.DEFAULT_LOCK));
    }

    public BridgePlugin(Kernel kernel, IpamDelegate ipam, Masquerade masquerade, MacSpoofCheck spoofCheck) {
        this(kernel, ipam, masquerade, spoofCheck, HostVethName::random);
    }

    /** With the host veth names drawn from {@code hostVethNames} (tests make them collide). */
    public BridgePlugin(Kernel kernel, IpamDelegate ipam, Masquerade masquerade, MacSpoofCheck spoofCheck,
                 Supplier<String> hostVethNames) {
        this.kernel = kernel;
        this.ipam = ipam;
        this.masquerade = masquerade;
        this.spoofCheck = spoofCheck;
        this.hostVethNames = hostVethNames;
    }

    @Override
    public Result add(Request r) {
        BridgeConfig c = BridgeConfig.parse(r.config());
        String ipamType = c.ipamType().orElseThrow();
        try (Namespace host = kernel.current(); Namespace ctr = kernel.open(r.netns()); Rollback undo = new Rollback()) {
            BridgePort port = attach(host, ctr, c, r, undo);
            Link bridge = port.bridge();
            Link hostVeth = port.host();
            undo.add(() -> host.delete(hostVeth));
            if (c.hairpinMode()) {
                host.setHairpin(hostVeth, true);
            }
            if (c.vlan() > 0) {
                host.setAccessVlan(hostVeth, c.vlan());
            }

            Result ipamResult = Attach.requireIps(ipam.add(ipamType, r), ipamType);
            undo.add(() -> ipam.del(ipamType, r));
            List<IpConfig> ips = new ArrayList<>();
            for (IpConfig ip : ipamResult.ips()) {
                ips.add(new IpConfig(ip.address(), c.isGateway() ? Attach.gatewayAddress(ip).address() : ip.gateway(),
                        CONTAINER));
            }
            List<IpConfig> podIps = ips;
            List<Route> routes;
            if (c.hostPrefix()) { // host prefixes behind a link-local gateway: see HostPrefix
                HostPrefix.Plan plan = HostPrefix.of(ipamResult.ips(), ipamResult.routes(), c.isDefaultGateway(), CONTAINER);
                ips = plan.result();
                podIps = plan.pod();
                routes = plan.routes();
            } else {
                routes = routes(ipamResult.routes(), ips, c.isDefaultGateway());
            }
            if (c.isGateway()) {
                configureGateway(host, bridge, ips, c.forceAddress());
            }
            Link ctrLink = port.peer();
            Attach.configure(ctr, ctrLink, podIps, routes, false);
            String key = rulesKey(c, r);
            if (c.ipMasq()) {
                masquerade.ensure(key, ips.stream().map(IpConfig::address).toList(), c.ipMasqNetwork());
                undo.add(() -> masquerade.remove(key));
            }
            if (c.macspoofchk()) {
                spoofCheck.ensure(key, hostVeth.name(), ctrLink.mac());
                undo.add(() -> spoofCheck.remove(key));
            }
            // the bridge as read back when the port joined: its MAC (which follows its lowest port's
            // until set) changes with ports, not with addresses; the container link's MAC was chosen here
            undo.commit();
            return new Result(CniVersion.CURRENT, List.of(
                    Interface.of(bridge.name(), String.valueOf(bridge.mac()), null),
                    Interface.of(hostVeth.name(), String.valueOf(hostVeth.mac()), null),
                    Interface.of(ctrLink.name(), String.valueOf(ctrLink.mac()), r.netns())),
                    ips, routes, ipamResult.dns());
        }
    }

    /**
     * Ensures the bridge and makes a new veth pair its port, the container's end named
     * CNI_IFNAME (one netlink datagram when the bridge is known). No lookup first: a CNI_IFNAME
     * that exists is code 4 when the kernel refuses it, a random host name that exists is drawn
     * again, and a bridge that went away since it was ensured (a cached one) is ensured again.
     */
    private BridgePort attach(Namespace host, Namespace ctr, BridgeConfig c, Request r, Rollback undo) {
        for (int attempt = 1; ; attempt++) {
            Ensured<Link> ensured = host.ensureBridge(c.bridge().value(), c.mtu(), c.vlan() > 0);
            Link bridge = ensured.value();
            if (ensured.created()) {
                undo.add(() -> deleteIfUnused(host, bridge));
            }
            if (c.promiscMode()) {
                host.setPromisc(bridge, true);
            }
            try {
                return host.createBridgePort(hostVethNames.get(), r.ifName().value(), MacAddress.randomLocal(), ctr,
                        c.mtu(), bridge);
            } catch (PortRefused e) {
                if (e.reason() == PortRefused.Reason.PEER_NAME_TAKEN) {
                    throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_IFNAME: interface \"" + r.ifName()
                            + "\" already exists in " + r.netns());
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new CniException(CniErrorCode.INTERNAL, "cannot attach a veth to bridge \"" + c.bridge()
                            + "\" after " + attempt + " attempts: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * The rollback of a bridge this ADD created: deleted unless another pod's ADD attached a port
     * to it meanwhile (that ADD found it existing and relies on it). This ADD's own veth is gone
     * already, undone first.
     */
    private static void deleteIfUnused(Namespace host, Link bridge) {
        if (host.links().stream().noneMatch(l -> l.masterIndex() == bridge.index())) {
            host.delete(bridge);
        }
    }

    private static void configureGateway(Namespace host, Link bridge, List<IpConfig> ips, boolean force) {
        List<InterfaceAddress> existing = host.addresses(bridge);
        for (IpConfig ip : ips) {
            InterfaceAddress gw = Attach.gatewayAddress(ip);
            for (InterfaceAddress a : existing) {
                boolean sameSubnet = a.isV4() == gw.isV4() && a.network().equals(gw.network());
                if (sameSubnet && !a.equals(gw)) {
                    if (!force) {
                        throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "bridge \"" + bridge.name()
                                + "\" already has address " + a + " in the gateway's subnet; set forceAddress to replace it");
                    }
                    host.deleteAddress(bridge, a);
                }
            }
            if (!existing.contains(gw)) {
                host.addAddress(bridge, gw);
            }
            host.ensureSysctl(gw.isV4() ? "net/ipv4/ip_forward" : "net/ipv6/conf/all/forwarding", "1");
        }
    }

    /** The key of the attachment's nft rules: a SHA-256 of it, so made only when the network has rules ("" otherwise). */
    private static String rulesKey(BridgeConfig c, Request r) {
        return c.ipMasq() || c.macspoofchk()
                ? Masquerade.key(r.network(), r.containerId().value(), r.ifName().value()) : "";
    }

    /** IPAM's routes, plus a default route per family through the gateway when asked. */
    private static List<Route> routes(List<Route> fromIpam, List<IpConfig> ips, boolean defaultGateway) {
        List<Route> out = new ArrayList<>(fromIpam);
        if (defaultGateway) {
            for (IpConfig ip : ips) {
                boolean present = out.stream().anyMatch(rt -> rt.dst().prefixLength() == 0 && rt.dst().isV4() == ip.isV4());
                if (!present) {
                    out.add(Route.of(Attach.defaultRoute(ip.isV4()), ip.gateway()));
                }
            }
        }
        return out;
    }

    @Override
    public void del(Request r) {
        BridgeConfig c = BridgeConfig.parse(r.config());
        ipam.del(c.ipamType().orElseThrow(), r); // first: addresses must come back even if the netns is gone
        ContainerSide.ifStillThere(kernel, r, ctr -> ctr.link(r.ifName().value())
                .ifPresent(link -> kernel.retire(r.netns(), ctr, link)));
        String key = rulesKey(c, r);
        if (c.ipMasq()) {
            masquerade.remove(key);
        }
        if (c.macspoofchk()) {
            spoofCheck.remove(key);
        }
    }

    @Override
    public void check(Request r) {
        BridgeConfig c = BridgeConfig.parse(r.config());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-bridge CHECK needs prevResult"));
        ipam.check(c.ipamType().orElseThrow(), r);
        try (Namespace host = kernel.current(); Namespace ctr = kernel.open(r.netns())) {
            Link bridge = host.link(c.bridge().value()).filter(Link::isBridge).orElseThrow(() -> missing(
                    "bridge \"" + c.bridge() + "\" is missing"));
            Link ctrLink = ctr.link(r.ifName().value()).orElseThrow(() -> missing(
                    "interface \"" + r.ifName() + "\" is missing in " + r.netns()));
            List<InterfaceAddress> have = ctr.addresses(ctrLink);
            for (IpConfig ip : Attach.addressesOf(prev, r.ifName().value())) {
                if (!have.contains(ip.address())) {
                    throw missing("address " + ip.address() + " is missing on " + r.ifName() + " in " + r.netns());
                }
            }
            prev.interfaces().stream().filter(i -> !i.inSandbox() && !i.name().equals(bridge.name())).findFirst()
                    .ifPresent(i -> {
                        Link hv = host.link(i.name()).orElseThrow(() -> missing("host veth \"" + i.name() + "\" is missing"));
                        if (hv.masterIndex() != bridge.index()) {
                            throw missing("host veth \"" + i.name() + "\" is not attached to bridge \"" + bridge.name() + "\"");
                        }
                    });
            String key = Masquerade.key(r.network(), r.containerId().value(), r.ifName().value());
            if (c.ipMasq() && !masquerade.has(key)) {
                throw missing("the masquerade rule for this container is missing");
            }
            if (c.macspoofchk() && !spoofCheck.has(key)) {
                throw missing("the MAC spoof check rule for this container is missing");
            }
        }
    }

    private static CniException missing(String what) {
        return new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-bridge CHECK: " + what);
    }

    @Override
    public void gc(GcRequest r) {
        BridgeConfig c = BridgeConfig.parse(r.config());
        ipam.gc(c.ipamType().orElseThrow(), r);
        Set<String> keep = r.validAttachments().stream()
                .map(a -> Masquerade.key(r.network(), a.containerId(), a.ifName())).collect(Collectors.toSet());
        if (c.ipMasq()) {
            masquerade.retainOnly(r.network(), keep);
        }
        if (c.macspoofchk()) {
            spoofCheck.retainOnly(r.network(), keep);
        }
    }

    @Override
    public void status(StatusRequest r) {
        BridgeConfig c = BridgeConfig.parse(r.config());
        ipam.status(c.ipamType().orElseThrow(), r);
    }
}
