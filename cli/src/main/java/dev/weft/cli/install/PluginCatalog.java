package dev.weft.cli.install;

import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.ipam.staticip.StaticPlugin;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.hostdevice.HostDevicePlugin;
import dev.weft.plugins.loopback.LoopbackPlugin;
import dev.weft.plugins.macvlan.MacvlanPlugin;
import dev.weft.plugins.meta.WeftPlugin;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;
import dev.weft.plugins.ptp.PtpPlugin;
import dev.weft.runtime.exec.PluginExec;
import dev.weft.sdk.Plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * weft's plugin executables: the class whose {@code main} runs each on its own, and the plugin
 * wired two ways, where {@code exec} runs its delegates: for the agent's long-lived JVM (the fast
 * path; container devices are retired in the background) and for a JVM that serves one call (the
 * JVM path, {@link dev.weft.cli.fast.PluginMain}; devices are deleted before it exits).
 */
public final class PluginCatalog {
    private record Entry(Class<?> main, Function<PluginExec, Plugin> inProcess, Function<PluginExec, Plugin> oneShot) {
        Entry(Class<?> main, Function<PluginExec, Plugin> both) {
            this(main, both, both);
        }
    }

    private static final Map<String, Entry> PLUGINS = new LinkedHashMap<>();
    /** In-process plugins share one kernel whose retired container devices are deleted in the background. */
    private static final Kernel AGENT_KERNEL = new ReapingKernel(new NetlinkKernel());

    static {
        PLUGINS.put("weft", new Entry(WeftPlugin.class, WeftPlugin::standard));
        PLUGINS.put("weft-bridge", new Entry(BridgePlugin.class, exec -> BridgePlugin.standard(exec, AGENT_KERNEL),
                BridgePlugin::standard));
        PLUGINS.put("weft-ptp", new Entry(PtpPlugin.class, exec -> PtpPlugin.standard(exec, AGENT_KERNEL),
                PtpPlugin::standard));
        PLUGINS.put("weft-macvlan", new Entry(MacvlanPlugin.class, exec -> MacvlanPlugin.standard(exec, AGENT_KERNEL),
                MacvlanPlugin::standard));
        PLUGINS.put("weft-host-device", new Entry(HostDevicePlugin.class, HostDevicePlugin::standard));
        PLUGINS.put("weft-loopback", new Entry(LoopbackPlugin.class, LoopbackPlugin::standard));
        PLUGINS.put("weft-host-local", new Entry(HostLocalPlugin.class, exec -> new HostLocalPlugin()));
        PLUGINS.put("weft-static", new Entry(StaticPlugin.class, exec -> new StaticPlugin()));
    }

    private PluginCatalog() {
    }

    /** Executable name → main class, in install order. */
    public static Map<String, String> plugins() {
        Map<String, String> m = new LinkedHashMap<>();
        PLUGINS.forEach((name, e) -> m.put(name, e.main().getName()));
        return m;
    }

    /** The plugin called {@code name} for the agent, running its delegates with {@code exec}; empty when not weft's. */
    public static Optional<Plugin> inProcess(String name, PluginExec exec) {
        return Optional.ofNullable(PLUGINS.get(name)).map(e -> e.inProcess().apply(exec));
    }

    /** The plugin called {@code name} for a JVM that serves one call; empty when not weft's. */
    public static Optional<Plugin> oneShot(String name, PluginExec exec) {
        return Optional.ofNullable(PLUGINS.get(name)).map(e -> e.oneShot().apply(exec));
    }
}
