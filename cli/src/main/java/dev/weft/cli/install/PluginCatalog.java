package dev.weft.cli.install;

import java.util.LinkedHashMap;
import java.util.Map;

/** weft's plugin executables and the class whose {@code main} each runs. */
public final class PluginCatalog {
    private PluginCatalog() {
    }

    public static Map<String, String> plugins() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("weft", "dev.weft.plugins.meta.WeftPlugin");
        m.put("weft-bridge", "dev.weft.plugins.bridge.BridgePlugin");
        m.put("weft-ptp", "dev.weft.plugins.ptp.PtpPlugin");
        m.put("weft-macvlan", "dev.weft.plugins.macvlan.MacvlanPlugin");
        m.put("weft-host-device", "dev.weft.plugins.hostdevice.HostDevicePlugin");
        m.put("weft-loopback", "dev.weft.plugins.loopback.LoopbackPlugin");
        m.put("weft-host-local", "dev.weft.ipam.hostlocal.HostLocalPlugin");
        m.put("weft-static", "dev.weft.ipam.staticip.StaticPlugin");
        return m;
    }
}
