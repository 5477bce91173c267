package dev.weft.bench.cni;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One implementation under test: a bridge plugin and an IPAM plugin from a bin dir, on its own
 * bridge, subnet and container interface, so all of them attach the same pods side by side. With
 * {@code clusterStore}, the IPAM is weft-ipam on that datastore (pool {@link BenchEtcd#POOL}) and
 * the container IDs carry {@code cidPrefix}, so the agent's log tells its ADDs from host-local's.
 */
record Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
            Map<String, String> env, Optional<String> clusterStore, String cidPrefix) {

    Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
         Map<String, String> env) {
        this(name, binDir, bridgeType, ipamType, bridge, subnet, ifName, env, Optional.empty(), "");
    }

    /** The same kind of configuration for every implementation: a gateway bridge, its IPAM, no NAT. */
    String config(Path ipamDir) {
        String ipam = clusterStore.map(ds -> """
                {"type": "%s", "pool": "%s", "datastore": "%s", "dataDir": "%s"}""".formatted(ipamType, BenchEtcd.POOL,
                ds, ipamDir.resolve(name))).orElseGet(() -> """
                {"type": "%s", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}""".formatted(ipamType, subnet,
                ipamDir.resolve(name)));
        return """
                {"cniVersion": "1.0.0", "name": "bench-%s", "type": "%s", "bridge": "%s", "isGateway": true,
                 "ipMasq": false, "ipam": %s}
                """.formatted(name, bridgeType, bridge, ipam);
    }

    String containerId(String id) {
        return cidPrefix + id;
    }

    Path plugin() {
        return binDir.resolve(bridgeType);
    }
}
