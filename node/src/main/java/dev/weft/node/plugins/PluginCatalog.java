package dev.weft.node.plugins;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.invoke.PluginExec;
import dev.weft.ipam.dhcp.DhcpPlugin;
import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.ipam.staticip.StaticPlugin;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.hostdevice.HostDevicePlugin;
import dev.weft.plugins.loopback.LoopbackPlugin;
import dev.weft.plugins.macvlan.MacvlanPlugin;
import dev.weft.plugins.meta.WeftPlugin;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.ptp.PtpPlugin;
import dev.weft.sdk.Plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.BiFunction;

/**
 * weft's plugins by executable name, wired on one {@link Kernel}: the agent's catalog shares a
 * kernel that retires container devices in the background ({@code ReapingKernel}, owned by the
 * agent); a one-call JVM (the JVM path) uses the plain kernel, which deletes at once. The
 * {@code exec} given with each lookup runs the plugin's delegates.
 */
public final class PluginCatalog {
    private record Entry(Class<?> main, BiFunction<PluginExec, Kernel, Plugin> wiring, boolean recordsPods) {
        Entry(Class<?> main, BiFunction<PluginExec, Kernel, Plugin> wiring) {
            this(main, wiring, false);
        }
    }

    private static final SequencedMap<String, Entry> PLUGINS = new LinkedHashMap<>();
    private static final String DHCP = "weft-dhcp";

    static {
        PLUGINS.put("weft", new Entry(WeftPlugin.class, (exec, kernel) -> WeftPlugin.standard(exec), true));
        PLUGINS.put("weft-bridge", new Entry(BridgePlugin.class, BridgePlugin::standard));
        PLUGINS.put("weft-ptp", new Entry(PtpPlugin.class, PtpPlugin::standard));
        PLUGINS.put("weft-macvlan", new Entry(MacvlanPlugin.class, MacvlanPlugin::standard));
        PLUGINS.put("weft-host-device", new Entry(HostDevicePlugin.class, (exec, kernel) -> HostDevicePlugin.standard(exec)));
        PLUGINS.put("weft-loopback", new Entry(LoopbackPlugin.class, (exec, kernel) -> LoopbackPlugin.standard(exec)));
        PLUGINS.put("weft-host-local", new Entry(HostLocalPlugin.class, (exec, kernel) -> new HostLocalPlugin()));
        PLUGINS.put("weft-static", new Entry(StaticPlugin.class, (exec, kernel) -> new StaticPlugin()));
        // Wired on the catalog's lease holder, not on the kernel: see plugin().
        PLUGINS.put(DHCP, new Entry(DhcpPlugin.class, (exec, kernel) -> DhcpPlugin.viaSocket()));
    }

    private final Kernel kernel;
    private final LeaseHolder dhcp;

    /** Plugins on {@code kernel} (the agent passes its reaping kernel); weft-dhcp asks its configured socket. */
    public PluginCatalog(Kernel kernel) {
        this(kernel, null);
    }

    /** As {@link #PluginCatalog(Kernel)}, with weft-dhcp served by {@code dhcp} (the agent's own leases; null: none). */
    public PluginCatalog(Kernel kernel, LeaseHolder dhcp) {
        this.kernel = kernel;
        this.dhcp = dhcp;
    }

    /** For a JVM that serves one call: devices are deleted before it exits. */
    public static PluginCatalog oneShot() {
        return new PluginCatalog(new NetlinkKernel());
    }

    /** Executable name → the class whose {@code main} runs it alone, in install order. */
    public static Map<String, String> executables() {
        Map<String, String> m = new LinkedHashMap<>();
        PLUGINS.forEach((name, e) -> m.put(name, e.main().getName()));
        return m;
    }

    /** Whether {@code name} is one of weft's plugins. */
    public static boolean has(String name) {
        return PLUGINS.containsKey(name);
    }

    /**
     * Whether the plugin called {@code name} records its pods for NetworkPolicy (the {@code weft}
     * plugin does), so an agent enforces a new pod's policy before its ADD answers.
     */
    public static boolean recordsPods(String name) {
        Entry e = PLUGINS.get(name);
        return e != null && e.recordsPods();
    }

    /** The plugin called {@code name}, running its delegates with {@code exec}; empty when not weft's. */
    public Optional<Plugin> plugin(String name, PluginExec exec) {
        if (name.equals(DHCP) && dhcp != null) {
            return Optional.of(DhcpPlugin.servedBy(dhcp));
        }
        return Optional.ofNullable(PLUGINS.get(name)).map(e -> e.wiring().apply(exec, kernel));
    }
}
