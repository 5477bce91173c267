package dev.weft.plugins.macvlan;

import dev.weft.invoke.PluginExec;
import dev.weft.sdk.Skel;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceAddress;
import dev.weft.plugins.common.Attach;
import dev.weft.plugins.common.ContainerSide;
import dev.weft.plugins.common.Rollback;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.StatusRequest;

import java.util.List;

/** {@code weft-macvlan}. */
public final class MacvlanPlugin implements Plugin {
    private final Kernel kernel;
    private final IpamDelegate ipam;

    public static void main(String[] args) {
        Skel.main(exec -> standard(exec));
    }

    /** Wired for a real host; {@code exec} runs the IPAM plugin (a process, or in the agent's JVM). */
    public static MacvlanPlugin standard(PluginExec exec) {
        return standard(exec, new dev.weft.plugins.net.NetlinkKernel());
    }

    /** As {@link #standard(PluginExec)} on {@code kernel}. */
    public static MacvlanPlugin standard(PluginExec exec, Kernel kernel) {
        return new MacvlanPlugin(kernel, new IpamDelegate(exec));
    }

    public MacvlanPlugin(Kernel kernel, IpamDelegate ipam) {
        this.kernel = kernel;
        this.ipam = ipam;
    }

    @Override
    public Result add(Request r) {
        MacvlanConfig c = MacvlanConfig.parse(r.config());
        try (Namespace host = kernel.current(); Namespace ctr = kernel.open(r.netns()); Rollback undo = new Rollback()) {
            ContainerSide.requireFreeName(ctr, r);
            Namespace masterNs = c.linkInContainer() ? ctr : host;
            Link master = master(c, masterNs);
            // Created straight into the container's namespace under its final name.
            Link link = masterNs.createMacvlan(r.ifName().value(), master, c.mode().value(), c.mtu(), ctr);
            undo.add(() -> ctr.delete(link));
            Result result = ContainerSide.configureOptionalIpam(c.ipamType(), ipam, r, ctr, link, undo);
            undo.commit();
            return result;
        }
    }

    private static Link master(MacvlanConfig c, Namespace ns) {
        if (c.master().isPresent()) {
            return ns.link(c.master().get().value()).orElseThrow(() -> new CniException(
                    CniErrorCode.INVALID_NETWORK_CONFIG, "field \"master\": device \"" + c.master().get()
                    + "\" does not exist" + (c.linkInContainer() ? " in the container's namespace" : "")));
        }
        return ns.defaultRouteLink().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "field \"master\" is not set and there is no default route to take it from"));
    }

    @Override
    public void del(Request r) {
        MacvlanConfig c = MacvlanConfig.parse(r.config());
        if (c.ipamType().isPresent()) {
            ipam.del(c.ipamType().get(), r);
        }
        ContainerSide.ifStillThere(kernel, r, ctr -> ctr.link(r.ifName().value())
                .ifPresent(link -> kernel.retire(r.netns(), ctr, link)));
    }

    @Override
    public void check(Request r) {
        MacvlanConfig c = MacvlanConfig.parse(r.config());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-macvlan CHECK needs prevResult"));
        if (c.ipamType().isPresent()) {
            ipam.check(c.ipamType().get(), r);
        }
        try (Namespace ctr = kernel.open(r.netns())) {
            Link link = ctr.link(r.ifName().value()).filter(l -> "macvlan".equals(l.kind())).orElseThrow(() ->
                    new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-macvlan CHECK: macvlan \"" + r.ifName()
                            + "\" is missing in " + r.netns()));
            List<InterfaceAddress> have = ctr.addresses(link);
            for (IpConfig ip : Attach.addressesOf(prev, r.ifName().value())) {
                if (!have.contains(ip.address())) {
                    throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-macvlan CHECK: address "
                            + ip.address() + " is missing on " + r.ifName());
                }
            }
        }
    }

    @Override
    public void gc(GcRequest r) {
        MacvlanConfig.parse(r.config()).ipamType().ifPresent(t -> ipam.gc(t, r));
    }

    @Override
    public void status(StatusRequest r) {
        MacvlanConfig.parse(r.config()).ipamType().ifPresent(t -> ipam.status(t, r));
    }
}
