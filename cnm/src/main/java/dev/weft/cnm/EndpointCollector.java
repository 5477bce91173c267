package dev.weft.cnm;

import dev.weft.cnm.ipam.IpamDriver;
import dev.weft.cnm.network.NetworkDriver;
import dev.weft.cnm.state.CnmState;
import dev.weft.cnm.state.EndpointRecord;
import dev.weft.cnm.state.NetworkRecord;
import dev.weft.cnm.wire.Body;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Collects an endpoint Docker forgot without telling the driver: the calls Docker would have made,
 * {@code DeleteEndpoint} then {@code ReleaseAddress} on the pool of the endpoint's network, so the
 * devices, the masquerade rules and the address go exactly as they do for a {@code docker rm}.
 * Call under the drivers' lock.
 */
final class EndpointCollector {
    private static final System.Logger LOG = System.getLogger(EndpointCollector.class.getName());

    private final CnmState state;
    private final NetworkDriver network;
    private final IpamDriver ipam;

    EndpointCollector(CnmState state, NetworkDriver network, IpamDriver ipam) {
        this.state = state;
        this.network = network;
        this.ipam = ipam;
    }

    void forget(String endpointId) {
        Optional<EndpointRecord> e = state.endpoint(endpointId);
        if (e.isEmpty()) {
            return; // Docker deleted it meanwhile
        }
        Optional<NetworkRecord> net = state.network(e.get().networkId());
        ObjectNode del = Body.JSON.createObjectNode().put("NetworkID", e.get().networkId()).put("EndpointID", endpointId);
        network.deleteEndpoint(body(del));
        net.flatMap(n -> state.pools().stream().filter(p -> p.cidr().equals(n.pool())).findFirst()).ifPresent(p -> {
            ObjectNode rel = Body.JSON.createObjectNode().put("PoolID", p.id()).put("Address", e.get().address().address().toString());
            ipam.releaseAddress(body(rel));
        });
        LOG.log(System.Logger.Level.WARNING, "endpoint {0} ({1}) collected: Docker no longer lists it", endpointId,
                e.get().address());
    }

    private static Body body(ObjectNode o) {
        return Body.parse(o.toString().getBytes(StandardCharsets.UTF_8));
    }
}
