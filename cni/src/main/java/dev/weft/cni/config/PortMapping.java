package dev.weft.cni.config;

import dev.weft.net.IpAddress;

/** A {@code portMappings} capability entry (CONVENTIONS.md). {@code hostIp} is {@code null} for all. */
public record PortMapping(int hostPort, int containerPort, String protocol, IpAddress hostIp) {
    public PortMapping {
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort " + hostPort + " is not in 1..65535");
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort " + containerPort + " is not in 1..65535");
        }
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(java.util.Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new IllegalArgumentException("protocol \"" + protocol + "\" is not tcp, udp or sctp");
        }
    }
}
