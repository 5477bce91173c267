package dev.weft.plugins.ptp;

import dev.weft.invoke.PluginExec;
import dev.weft.sdk.Skel;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.common.Attach;
import dev.weft.plugins.common.ContainerSide;
import dev.weft.plugins.common.HostVethName;
import dev.weft.plugins.common.Rollback;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.StatusRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code weft-ptp}. */
public final class PtpPlugin implements Plugin {
    private final Kernel kernel;
    private final IpamDelegate ipam;
    private final Masquerade masquerade;

    public static void main(String[] args) {
        Skel.main(exec -> standard(exec));
    }

    /** Wired for a real host; {@code exec} runs the IPAM plugin (a process, or in the agent's JVM). */
    public static PtpPlugin standard(PluginExec exec) {
        return standard(exec, new dev.weft.plugins.net.NetlinkKernel());
    }

    /** As {@link #standard(PluginExec)} on {@code kernel}. */
    public static PtpPlugin standard(PluginExec exec, Kernel kernel) {
        return new PtpPlugin(kernel, new IpamDelegate(exec),
                new Masquerade(new dev.weft.nft.NftCli(), Masquerade.DEFAULT_LOCK));
    }

    public PtpPlugin(Kernel kernel, IpamDelegate ipam, Masquerade masquerade) {
        this.kernel = kernel;
        this.ipam = ipam;
        this.masquerade = masquerade;
    }

    @Override
    public Result add(Request r) {
        PtpConfig c = PtpConfig.parse(r.config());
        try (Namespace host = kernel.current(); Namespace ctr = kernel.open(r.netns()); Rollback undo = new Rollback()) {
            ContainerSide.requireFreeName(ctr, r);
            Link hostVeth = host.createVeth(HostVethName.random(), r.ifName().value(), ctr, c.mtu());
            undo.add(() -> host.delete(hostVeth));
            Result ipamResult = Attach.requireIps(ipam.add(c.ipamType(), r), c.ipamType());
            undo.add(() -> ipam.del(c.ipamType(), r));

            host.sysctl("net/ipv4/conf/" + hostVeth.name() + "/proxy_arp", "1");
            host.setUp(hostVeth);
            List<IpConfig> ips = new ArrayList<>();
            List<Route> routes = new ArrayList<>();
            Link ctrLink = ctr.link(r.ifName().value()).orElseThrow();
            ctr.sysctl("net/ipv6/conf/" + ctrLink.name() + "/accept_dad", "0");
            for (IpConfig ip : ipamResult.ips()) {
                IpAddress gw = Attach.gatewayAddress(ip).address();
                InterfaceAddress hostAddr = new InterfaceAddress(ip.address().address(), ip.address().address().bitLength());
                ips.add(new IpConfig(hostAddr, gw, 1));
                host.addAddress(hostVeth, new InterfaceAddress(gw, gw.bitLength()));
                host.addRoute(Cidr.host(ip.address().address()), null, hostVeth);
                host.sysctl(ip.isV4() ? "net/ipv4/ip_forward" : "net/ipv6/conf/all/forwarding", "1");
            }
            for (IpConfig ip : ips) {
                ctr.addAddress(ctrLink, ip.address());
            }
            ctr.setUp(ctrLink);
            for (IpConfig ip : ips) {
                ctr.addRoute(Cidr.host(ip.gateway()), null, ctrLink); // the gateway is on-link
            }
            List<Route> wanted = ipamResult.routes().isEmpty()
                    ? ips.stream().map(ip -> Route.of(Attach.defaultRoute(ip.isV4()), ip.gateway())).toList()
                    : ipamResult.routes();
            for (Route rt : wanted) {
                IpAddress via = rt.gw() != null ? rt.gw() : Attach.gatewayFor(ips, rt.dst()).orElse(null);
                ctr.addRoute(rt.dst(), via, ctrLink);
                routes.add(Route.of(rt.dst(), via));
            }
            if (c.ipMasq()) {
                String key = Masquerade.key(r.network(), r.containerId().value(), r.ifName().value());
                masquerade.ensure(key, ipamResult.ips().stream().map(IpConfig::address).toList(), c.ipMasqNetwork());
                undo.add(() -> masquerade.remove(key));
            }
            Link finalCtr = ctr.link(ctrLink.index()).orElse(ctrLink);
            undo.commit();
            return new Result(CniVersion.CURRENT, List.of(
                    Interface.of(hostVeth.name(), String.valueOf(hostVeth.mac()), null),
                    Interface.of(finalCtr.name(), String.valueOf(finalCtr.mac()), r.netns())),
                    ips, routes, ipamResult.dns());
        }
    }

    @Override
    public void del(Request r) {
        PtpConfig c = PtpConfig.parse(r.config());
        ipam.del(c.ipamType(), r);
        ContainerSide.ifStillThere(kernel, r, ctr -> ctr.link(r.ifName().value())
                .ifPresent(link -> kernel.retire(r.netns(), ctr, link)));
        if (c.ipMasq()) {
            masquerade.remove(Masquerade.key(r.network(), r.containerId().value(), r.ifName().value()));
        }
    }

    @Override
    public void check(Request r) {
        PtpConfig c = PtpConfig.parse(r.config());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-ptp CHECK needs prevResult"));
        ipam.check(c.ipamType(), r);
        try (Namespace host = kernel.current(); Namespace ctr = kernel.open(r.netns())) {
            Link ctrLink = ctr.link(r.ifName().value()).orElseThrow(() -> new CniException(
                    CniErrorCode.UNKNOWN_CONTAINER, "weft-ptp CHECK: interface \"" + r.ifName() + "\" is missing"));
            List<InterfaceAddress> have = ctr.addresses(ctrLink);
            for (IpConfig ip : Attach.addressesOf(prev, r.ifName().value())) {
                if (!have.contains(ip.address())) {
                    throw new CniException(CniErrorCode.UNKNOWN_CONTAINER,
                            "weft-ptp CHECK: address " + ip.address() + " is missing on " + r.ifName());
                }
            }
            prev.interfaces().stream().filter(i -> !i.inSandbox()).findFirst().ifPresent(i -> {
                Link hv = host.link(i.name()).orElseThrow(() -> new CniException(CniErrorCode.UNKNOWN_CONTAINER,
                        "weft-ptp CHECK: host veth \"" + i.name() + "\" is missing"));
                List<Cidr> dsts = host.routeDestinations(hv);
                for (IpConfig ip : prev.ips()) {
                    if (!dsts.contains(Cidr.host(ip.address().address()))) {
                        throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-ptp CHECK: host route to "
                                + ip.address().address() + " via " + hv.name() + " is missing");
                    }
                }
            });
        }
    }

    @Override
    public void gc(GcRequest r) {
        PtpConfig c = PtpConfig.parse(r.config());
        ipam.gc(c.ipamType(), r);
        if (c.ipMasq()) {
            masquerade.retainOnly(r.network(), r.validAttachments().stream()
                    .map(a -> Masquerade.key(r.network(), a.containerId(), a.ifName())).collect(Collectors.toSet()));
        }
    }

    @Override
    public void status(StatusRequest r) {
        ipam.status(PtpConfig.parse(r.config()).ipamType(), r);
    }
}
