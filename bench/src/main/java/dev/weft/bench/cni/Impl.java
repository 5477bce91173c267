package dev.weft.bench.cni;

import java.nio.file.Path;
import java.util.Map;

/**
 * One implementation under test: a bridge plugin and an IPAM plugin from a bin dir, on its own
 * bridge, subnet and container interface, so all three attach the same pods side by side.
 */
record Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
            Map<String, String> env) {

    /** The same kind of configuration for every implementation: a gateway bridge, host-local IPAM, no NAT. */
    String config(Path ipamDir) {
        return """
                {"cniVersion": "1.0.0", "name": "bench-%s", "type": "%s", "bridge": "%s", "isGateway": true,
                 "ipMasq": false, "ipam": {"type": "%s", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}}
                """.formatted(name, bridgeType, bridge, ipamType, subnet, ipamDir.resolve(name));
    }

    Path plugin() {
        return binDir.resolve(bridgeType);
    }
}
