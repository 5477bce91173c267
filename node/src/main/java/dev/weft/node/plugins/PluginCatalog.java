package dev.weft.node.plugins;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.invoke.PluginExec;
import dev.weft.ipam.cluster.plugin.IpamProvider;
import dev.weft.ipam.cluster.plugin.WeftIpamPlugin;
import dev.weft.ipam.hostlocal.Allocations;
import dev.weft.ipam.dhcp.DhcpPlugin;
import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.ipam.staticip.StaticPlugin;
import dev.weft.plugins.bandwidth.BandwidthPlugin;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.firewall.FirewallPlugin;
import dev.weft.plugins.hostdevice.HostDevicePlugin;
import dev.weft.plugins.loopback.LoopbackPlugin;
import dev.weft.plugins.macvlan.MacvlanPlugin;
import dev.weft.plugins.meta.WeftPlugin;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.portmap.PortmapPlugin;
import dev.weft.plugins.ptp.PtpPlugin;
import dev.weft.plugins.tuning.TuningPlugin;
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
 * {@code exec} given with each lookup runs the plugin's delegates; {@code weft-ipam} gets its
 * allocator from the catalog's {@link IpamProvider} (the agent's long-lived one, or one per call),
 * {@code weft-host-local} its allocations ({@link Allocations.Source}: the agent's in-memory index, or the files).
 */
public final class PluginCatalog {
    /** How a plugin is made from what the catalog holds. */
    private interface Wiring {
        Plugin wire(PluginExec exec, Kernel kernel, Stores stores);
    }

    private record Entry(Class<?> main, Wiring wiring, boolean recordsPods) {
        Entry(Class<?> main, BiFunction<PluginExec, Kernel, Plugin> wiring) {
            this(main, wiring, false);
        }

        Entry(Class<?> main, BiFunction<PluginExec, Kernel, Plugin> wiring, boolean recordsPods) {
            this(main, (exec, kernel, stores) -> wiring.apply(exec, kernel), recordsPods);
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
        PLUGINS.put("weft-host-local", new Entry(HostLocalPlugin.class, (exec, kernel, stores) -> new HostLocalPlugin(stores.hostLocal()), false));
        PLUGINS.put("weft-static", new Entry(StaticPlugin.class, (exec, kernel) -> new StaticPlugin()));
        PLUGINS.put("weft-portmap", new Entry(PortmapPlugin.class, (exec, kernel) -> PortmapPlugin.standard()));
        PLUGINS.put("weft-bandwidth", new Entry(BandwidthPlugin.class, (exec, kernel) -> BandwidthPlugin.standard(kernel)));
        PLUGINS.put("weft-tuning", new Entry(TuningPlugin.class, (exec, kernel) -> TuningPlugin.standard()));
        PLUGINS.put("weft-firewall", new Entry(FirewallPlugin.class, (exec, kernel) -> FirewallPlugin.standard()));
        PLUGINS.put(DHCP, new Entry(DhcpPlugin.class, (exec, kernel, stores) -> stores.dhcp() == null
                ? DhcpPlugin.viaSocket() : DhcpPlugin.servedBy(stores.dhcp()), false));
        PLUGINS.put("weft-ipam", new Entry(WeftIpamPlugin.class, (exec, kernel, wired) -> new WeftIpamPlugin(wired.ipam()), false));
    }

    /**
     * What the catalog holds besides the kernel: weft-ipam's allocators, host-local's allocations
     * and weft-dhcp's lease holder (the agent's own leases; null: weft-dhcp asks its configured socket).
     */
    private record Stores(IpamProvider ipam, Allocations.Source hostLocal, LeaseHolder dhcp) {
    }

    private final Kernel kernel;
    private final Stores stores;

    /** Plugins on {@code kernel}; weft-ipam opens its datastore per call, weft-host-local reads its files every call. */
    public PluginCatalog(Kernel kernel) {
        this(kernel, IpamProvider.oneShot(), Allocations.Source.FILES, null);
    }

    /** Plugins on {@code kernel} and weft-ipam on {@code ipam}; weft-host-local reads its files every call. */
    public PluginCatalog(Kernel kernel, IpamProvider ipam) {
        this(kernel, ipam, Allocations.Source.FILES, null);
    }

    /** Plugins on {@code kernel}, weft-host-local on {@code hostLocal}; weft-ipam opens its datastore per call. */
    public PluginCatalog(Kernel kernel, Allocations.Source hostLocal) {
        this(kernel, IpamProvider.oneShot(), hostLocal, null);
    }

    /**
     * Plugins on {@code kernel} (the agent passes its reaping kernel), weft-ipam on {@code ipam}
     * (the agent's long-lived allocators) and weft-host-local on {@code hostLocal} (the agent's
     * in-memory index, {@code IndexedAllocations.Registry}).
     */
    public PluginCatalog(Kernel kernel, IpamProvider ipam, Allocations.Source hostLocal) {
        this(kernel, ipam, hostLocal, null);
    }

    /** Plugins on {@code kernel}, weft-dhcp served by {@code dhcp}; weft-ipam per call, host-local on its files. */
    public PluginCatalog(Kernel kernel, LeaseHolder dhcp) {
        this(kernel, IpamProvider.oneShot(), Allocations.Source.FILES, dhcp);
    }

    /** As {@link #PluginCatalog(Kernel, IpamProvider, Allocations.Source)}, with weft-dhcp served by {@code dhcp} (null: its socket). */
    public PluginCatalog(Kernel kernel, IpamProvider ipam, Allocations.Source hostLocal, LeaseHolder dhcp) {
        this.kernel = kernel;
        this.stores = new Stores(ipam, hostLocal, dhcp);
    }

    /** For a JVM that serves one call: devices are deleted before it exits, weft-ipam's datastore closed after the call. */
    public static PluginCatalog oneShot() {
        return new PluginCatalog(new NetlinkKernel(), IpamProvider.oneShot());
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
        return Optional.ofNullable(PLUGINS.get(name)).map(e -> e.wiring().wire(exec, kernel, stores));
    }
}
