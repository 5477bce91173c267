package dev.weft.bench.cni;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One implementation under test: a bridge plugin and an IPAM plugin from a bin dir, on its own
 * bridge, subnet and container interface, so all of them attach the same pods side by side. With
 * {@code clusterStore}, the IPAM is weft-ipam on that datastore (pool {@link BenchEtcd#POOL}) and
 * the container IDs carry {@code cidPrefix}, so the agent's log tells its ADDs from host-local's.
 * {@code dhcpSocket}, when set, makes the IPAM a DHCP one asking that lease holder (and
 * {@code subnet} is unused: the DHCP server's segment decides).
 */
record Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
            Map<String, String> env, Optional<String> clusterStore, String cidPrefix, Path dhcpSocket) {

    Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
         Map<String, String> env, Optional<String> clusterStore, String cidPrefix) {
        this(name, binDir, bridgeType, ipamType, bridge, subnet, ifName, env, clusterStore, cidPrefix, null);
    }

    Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
         Map<String, String> env, Path dhcpSocket) {
        this(name, binDir, bridgeType, ipamType, bridge, subnet, ifName, env, Optional.empty(), "", dhcpSocket);
    }

    Impl(String name, Path binDir, String bridgeType, String ipamType, String bridge, String subnet, String ifName,
         Map<String, String> env) {
        this(name, binDir, bridgeType, ipamType, bridge, subnet, ifName, env, Optional.empty(), "");
    }

    /** The same kind of configuration for every implementation: a gateway bridge, its IPAM, no NAT. */
    String config(Path ipamDir) {
        if (dhcpSocket != null) {
            // the DHCP segment's bridge: no gateway address of the plugin's own (the server's router option is used)
            return """
                    {"cniVersion": "1.0.0", "name": "bench-%s", "type": "%s", "bridge": "%s", "isGateway": false,
                     "ipMasq": false, "ipam": {"type": "%s", "daemonSocketPath": "%s"}}
                    """.formatted(name, bridgeType, bridge, ipamType, dhcpSocket);
        }
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
