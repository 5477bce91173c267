package dev.weft.bench.dataplane;

/**
 * The two ends of one mode: the load generator's namespace, the server's namespace and address,
 * and the MTU of the server's {@code eth0} as read from the kernel.
 */
public record Endpoints(Mode mode, String clientNs, String serverNs, String serverIp, int mtu) {
    public Endpoints {
        if (clientNs.equals(serverNs)) {
            throw new IllegalArgumentException(mode.text() + ": client and server share namespace " + clientNs);
        }
    }
}
