package dev.weft.plugins.hostdevice;

import dev.weft.invoke.PluginExec;
import dev.weft.sdk.Skel;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code weft-host-device}. */
public final class HostDevicePlugin implements Plugin {
    private final Kernel kernel;
    private final IpamDelegate ipam;
    private final Path sysfs;

    public static void main(String[] args) {
        Skel.main(exec -> standard(exec));
    }

    /** Wired for a real host; {@code exec} runs the IPAM plugin (a process, or in the agent's JVM). */
    public static HostDevicePlugin standard(PluginExec exec) {
        return new HostDevicePlugin(new dev.weft.plugins.net.NetlinkKernel(), new IpamDelegate(exec), Path.of("/sys"));
    }

    public HostDevicePlugin(Kernel kernel, IpamDelegate ipam, Path sysfs) {
        this.kernel = kernel;
        this.ipam = ipam;
        this.sysfs = sysfs;
    }

    private static HostDeviceConfig config(Request r) {
        return HostDeviceConfig.parse(r.config(), r.runtimeConfig().deviceId());
    }

    @Override
    public Result add(Request r) {
        HostDeviceConfig c = config(r);
        try (Namespace host = kernel.current(); Namespace ctr = kernel.open(r.netns()); Rollback undo = new Rollback()) {
            ContainerSide.requireFreeName(ctr, r);
            Link dev = find(c, host);
            String original = dev.name();
            host.setAlias(dev, original);
            if (dev.up()) { // undone after the move back (undo runs newest first): the host gets it as it was
                undo.add(() -> host.link(original).ifPresent(host::setUp));
            }
            host.setDown(dev);
            host.moveTo(dev, ctr, r.ifName().value());
            Link moved = ctr.link(r.ifName().value()).orElseThrow();
            undo.add(() -> ctr.moveTo(moved, host, original));
            Result result = ContainerSide.configureOptionalIpam(c.ipamType(), ipam, r, ctr, moved, undo);
            undo.commit();
            return result;
        }
    }

    private Link find(HostDeviceConfig c, Namespace host) {
        if (c.device().isPresent()) {
            return host.link(c.device().get().value()).orElseThrow(() -> notFound("device \"" + c.device().get() + "\""));
        }
        if (c.hwaddr().isPresent()) {
            return host.links().stream().filter(l -> c.hwaddr().get().equals(l.mac())).findFirst()
                    .orElseThrow(() -> notFound("a device with MAC " + c.hwaddr().get()));
        }
        Path netDir = c.kernelPath().map(p -> Path.of(p).resolve("net"))
                .orElseGet(() -> sysfs.resolve("bus/pci/devices").resolve(c.pciBusId().orElseThrow()).resolve("net"));
        try (Stream<Path> names = Files.list(netDir)) {
            String name = names.map(p -> p.getFileName().toString()).findFirst()
                    .orElseThrow(() -> notFound("a network device under " + netDir));
            return host.link(name).orElseThrow(() -> notFound("device \"" + name + "\" from " + netDir));
        } catch (IOException e) {
            throw notFound("a network device under " + netDir + " (" + e.getMessage() + ")");
        }
    }

    private static CniException notFound(String what) {
        return new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft-host-device: cannot find " + what
                + " in the host namespace");
    }

    @Override
    public void del(Request r) {
        HostDeviceConfig c = config(r);
        if (c.ipamType().isPresent()) {
            ipam.del(c.ipamType().get(), r);
        }
        ContainerSide.ifStillThere(kernel, r, ctr -> ctr.link(r.ifName().value()).ifPresent(dev -> {
            for (var a : ctr.addresses(dev)) {
                ctr.deleteAddress(dev, a);
            }
            ctr.setDown(dev);
            String back = dev.alias().isEmpty() ? r.ifName().value() : dev.alias();
            try (Namespace host = kernel.current()) {
                ctr.moveTo(dev, host, back);
            }
        }));
    }

    @Override
    public void check(Request r) {
        try (Namespace ctr = kernel.open(r.netns())) {
            ctr.link(r.ifName().value()).orElseThrow(() -> new CniException(CniErrorCode.UNKNOWN_CONTAINER,
                    "weft-host-device CHECK: \"" + r.ifName() + "\" is missing in " + r.netns()));
        }
        config(r).ipamType().ifPresent(t -> ipam.check(t, r));
    }

    @Override
    public void gc(GcRequest r) {
        HostDeviceConfig.parse(r.config(), java.util.Optional.empty()).ipamType().ifPresent(t -> ipam.gc(t, r));
    }

    @Override
    public void status(StatusRequest r) {
        HostDeviceConfig.parse(r.config(), java.util.Optional.empty()).ipamType().ifPresent(t -> ipam.status(t, r));
    }
}
