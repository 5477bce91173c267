package dev.weft.overlay.udp;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.datapath.DatapathKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the UDP overlay process serves: the TUN's name, this node's subnet and its gateway address
 * (the TUN's address, as a /32), the cluster network (routed into the TUN), the underlay address
 * and port, the TUN MTU (0: the uplink's less 28), the datapath (empty: the best this kernel
 * offers), the queues (0: one per two CPUs, 1 to 4), the peers file it follows and the status file it
 * writes (null: none). {@link #toArgs()} gives the command line {@code UdpOverlayMain} parses back.
 */
public record UdpOverlayConfig(InterfaceName tun, Cidr subnet, IpAddress gateway, Cidr cluster, IpAddress uplink, int port,
                               int mtu, Optional<DatapathKind> datapath, int queues, Path peersFile, Path statsFile) {
    /** Flannel's UDP port. */
    public static final int DEFAULT_PORT = 8285;
    public static final String DEFAULT_TUN = "weft.udp";

    public UdpOverlayConfig {
        Objects.requireNonNull(tun, "tun");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(datapath, "datapath");
        Objects.requireNonNull(peersFile, "peersFile");
        if (!subnet.isV4() || !cluster.isV4() || !uplink.isV4()) {
            throw new IllegalArgumentException("subnet, cluster and uplink must be IPv4 (subnet " + subnet + ", cluster "
                    + cluster + ", uplink " + uplink + ")");
        }
        if (!subnet.contains(gateway)) {
            throw new IllegalArgumentException("gateway " + gateway + " is not in subnet " + subnet);
        }
        if (!cluster.contains(subnet)) {
            throw new IllegalArgumentException("subnet " + subnet + " is not in cluster network " + cluster);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        if (mtu != 0 && (mtu < 576 || mtu > 65535)) {
            throw new IllegalArgumentException("mtu " + mtu + " is not 0 (from the uplink) or in 576..65535");
        }
        if (queues < 0 || queues > 64) {
            throw new IllegalArgumentException("queues " + queues + " is not 0 (automatic) or in 1..64");
        }
        if (datapath.equals(Optional.of(DatapathKind.SIMPLE)) && queues > 1) {
            throw new IllegalArgumentException("queues " + queues + ": the simple datapath serves one queue");
        }
    }

    /** The command line that {@code UdpOverlayMain} turns back into this configuration. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--tun", tun.value(), "--subnet", subnet.toString(), "--gateway",
                gateway.toString(), "--cluster", cluster.toString(), "--uplink", uplink.toString(), "--port",
                Integer.toString(port), "--mtu", Integer.toString(mtu), "--queues", Integer.toString(queues),
                "--peers", peersFile.toString()));
        datapath.ifPresent(d -> a.addAll(List.of("--udp-datapath", d.option())));
        if (statsFile != null) {
            a.addAll(List.of("--stats", statsFile.toString()));
        }
        return a;
    }
}
