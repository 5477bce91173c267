package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.net.InterfaceName;
import dev.weft.overlay.udp.DatapathProcess;
import dev.weft.overlay.udp.UdpOverlayConfig;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code udp}: Flannel's first backend, in user space (module overlay-udp). Per node a TUN device
 * {@value UdpOverlayConfig#DEFAULT_TUN} with the subnet's gateway as a /32 and a route for the cluster
 * network, MTU 28 below the uplink (IPv4 + UDP headers), served by a datapath process of its own
 * ({@link UdpBackend}). Options from the cluster configuration: {@link UdpBackendOptions}.
 */
public final class UdpBackendFactory implements BackendFactory {
    /** IPv4 (20) and UDP (8) headers around each pod packet. */
    public static final int OVERHEAD = 28;

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public Prepared prepare(BackendContext c) {
        UdpBackendOptions options = UdpBackendOptions.of(c.cluster().backendOptions());
        if (!c.publicIp().isV4()) {
            throw new IllegalArgumentException("udp: the node's public address " + c.publicIp() + " is not IPv4");
        }
        int mtu = c.uplinkMtu() - OVERHEAD;
        Path dir = c.stateDir().resolve("udp");
        return new Prepared() {
            @Override
            public int podMtu() {
                return mtu;
            }

            @Override
            public Map<String, String> leaseData() {
                return Map.of();
            }

            @Override
            public Backend start(SubnetLease own) {
                UdpOverlayConfig config = new UdpOverlayConfig(InterfaceName.of(UdpOverlayConfig.DEFAULT_TUN), own.subnet(),
                        own.subnet().network().plus(1), c.cluster().network(), c.publicIp(), options.port(), mtu,
                        options.datapath(), 0, dir.resolve("peers"), dir.resolve("status"));
                return UdpBackend.start(config, dir, DatapathProcess.javaCommand(System.getProperty("java.class.path")));
            }
        };
    }
}
