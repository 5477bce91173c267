package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.addr.AddrCodec;

import java.util.Map;
import java.util.Optional;

/**
 * {@code macvlan}: pods on the nodes' segment through weft-macvlan (bridge mode) on the uplink,
 * addressed by weft-ipam from the cluster's pool ({@code weft cluster init --backend macvlan
 * --pool NAME}); see {@link MacvlanBackend}. The shim exists before the lease, so a pod the
 * plugin attaches as soon as the node is ready is reachable from the node.
 */
public final class MacvlanBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "macvlan";
    }

    @Override
    public Prepared prepare(BackendContext c) {
        if (c.cluster().pool().isEmpty()) {
            throw new IllegalStateException("the macvlan backend needs the cluster's IP pool: "
                    + "weft cluster init --backend macvlan --pool NAME (and weft ipam pool add NAME CIDR --gateway ROUTER)");
        }
        int uplink = c.nl().addresses().list().stream().filter(a -> a.address().address().equals(c.publicIp()))
                .map(AddrCodec.Addr::index).findFirst().orElseThrow(() -> new IllegalStateException(
                        "macvlan: no device holds this node's address " + c.publicIp()));
        InterfaceName uplinkName = InterfaceName.of(c.nl().links().require(uplink).name());
        MacvlanBackend backend = new MacvlanBackend(c.nl(), InterfaceName.of(HostShim.DEFAULT_NAME), uplink, c.publicIp());
        backend.ensureShim(); // before any pod can be added
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
            public Optional<InterfaceName> underlayUplink() {
                return Optional.of(uplinkName);
            }

            @Override
            public Backend start(SubnetLease own) {
                return backend;
            }
        };
    }
}
