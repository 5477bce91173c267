package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;

import java.util.Map;

/** {@code vxlan}: one VXLAN device on the uplink, per-peer FDB/neighbour/route, optional direct routing. */
public final class VxlanBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "vxlan";
    }

    @Override
    public Prepared prepare(BackendContext c) {
        VxlanBackend vxlan = VxlanBackend.ensure(c.nl(), c.publicIp(), VxlanBackend.DEFAULT_VNI, VxlanBackend.DEFAULT_PORT,
                c.vxlanTxChecksum().disable(TxChecksum.runningKernel()));
        return new Prepared() {
            @Override
            public int podMtu() {
                return vxlan.mtu();
            }

            @Override
            public Map<String, String> leaseData() {
                return vxlan.backendData();
            }

            @Override
            public Backend start(SubnetLease own) {
                vxlan.ensureLocal(own.subnet());
                return c.cluster().directRouting() ? vxlan.withDirectRouting(c.publicIp()) : vxlan;
            }
        };
    }
}
