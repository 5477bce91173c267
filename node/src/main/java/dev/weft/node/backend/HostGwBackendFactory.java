package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;

import java.util.Map;

/** {@code host-gw}: a route per on-link peer via its address; routed peers are refused with the reason. */
public final class HostGwBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "host-gw";
    }

    @Override
    public Prepared prepare(BackendContext c) {
        return new Prepared() {
            @Override
            public int podMtu() {
                return c.uplinkMtu();
            }

            @Override
            public Map<String, String> leaseData() {
                return Map.of();
            }

            @Override
            public Backend start(SubnetLease own) {
                return new HostGwBackend(c.nl(), c.publicIp());
            }
        };
    }
}
