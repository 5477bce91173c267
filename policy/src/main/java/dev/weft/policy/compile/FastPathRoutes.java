package dev.weft.policy.compile;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.net.InterfaceName;

import java.util.List;
import java.util.Map;

/**
 * What the fast path ({@link FastPath}) forwards with, read from the node's kernel: the cluster
 * network, the other nodes' pod subnets with the gateway and device the kernel routes each through
 * (single-path routes only), and the interface index of each local pod's host veth.
 */
public record FastPathRoutes(Cidr network, List<Remote> remote, Map<InterfaceName, Integer> podIfindex) {
    public FastPathRoutes {
        java.util.Objects.requireNonNull(network, "network");
        remote = List.copyOf(remote);
        podIfindex = Map.copyOf(podIfindex);
    }

    /** Another node's pod subnet {@code dst}, through {@code gateway} on {@code device} (index {@code ifindex}). */
    public record Remote(Cidr dst, IpAddress gateway, InterfaceName device, int ifindex) {
        public Remote {
            java.util.Objects.requireNonNull(dst, "dst");
            java.util.Objects.requireNonNull(gateway, "gateway");
            java.util.Objects.requireNonNull(device, "device");
            if (ifindex <= 0) {
                throw new IllegalArgumentException("route to " + dst + ": interface index " + ifindex);
            }
        }
    }
}
