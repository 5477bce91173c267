package dev.weft.bench.cni;

import java.nio.file.Path;
import java.util.Map;

/**
 * One implementation under test: a bridge plugin and an IPAM plugin from a bin dir, on its own
 * bridge, subnet and container interface, so all of them attach the same pods side by side.
 * {@code dhcpSocket}, when set, makes the IPAM a DHCP one asking that lease holder (and
 * {@code subnet} is unused: the DHCP server's segment decides).
 */
record Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
            Map<String, String> env, Path dhcpSocket) {

    Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
         Map<String, String> env) {
        this(name, binDir, bridgeType, ipamType, bridge, subnet, ifName, env, null);
    }

    /** The same kind of configuration for every implementation: a gateway bridge, host-local IPAM, no NAT. */
    String config(Path ipamDir) {
        if (dhcpSocket != null) {
            // the DHCP segment's bridge: no gateway address of the plugin's own (the server's router option is used)
            return """
                    {"cniVersion": "1.0.0", "name": "bench-%s", "type": "%s", "bridge": "%s", "isGateway": false,
                     "ipMasq": false, "ipam": {"type": "%s", "daemonSocketPath": "%s"}}
                    """.formatted(name, bridgeType, bridge, ipamType, dhcpSocket);
        }
        return """
                {"cniVersion": "1.0.0", "name": "bench-%s", "type": "%s", "bridge": "%s", "isGateway": true,
                 "ipMasq": false, "ipam": {"type": "%s", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}}
                """.formatted(name, bridgeType, bridge, ipamType, subnet, ipamDir.resolve(name));
    }

    Path plugin() {
        return binDir.resolve(bridgeType);
    }
}
