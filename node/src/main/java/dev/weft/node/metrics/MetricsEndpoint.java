package dev.weft.node.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the agent serves {@code /metrics}: a unix socket (the default, under the run dir) or a TCP
 * address the user named ({@code 127.0.0.1:9647}, {@code [::1]:9647}). Only literal addresses are
 * taken, so no name lookup decides what is exposed; a wildcard ({@code 0.0.0.0}, {@code ::}) is
 * taken because the user wrote it, and the agent says so in its log.
 */
public sealed interface MetricsEndpoint permits MetricsEndpoint.Unix, MetricsEndpoint.Tcp {
    /** The default socket's name under the agent's run dir. */
    String SOCKET_NAME = "metrics.sock";

    record Unix(Path socket) implements MetricsEndpoint {
        public Unix {
            if (socket == null) {
                throw new IllegalArgumentException("metrics socket: a path is required");
            }
        }

        @Override
        public String toString() {
            return "unix:" + socket;
        }
    }

    record Tcp(InetAddress address, int port) implements MetricsEndpoint {
        public Tcp {
            if (address == null) {
                throw new IllegalArgumentException("--metrics-address: an address is required");
            }
            if (port < 0 || port > 65535) { // 0: a free port the kernel chooses
                throw new IllegalArgumentException("--metrics-address: port " + port + " is out of range 0-65535");
            }
        }

        /** Every interface: only when the user asked for it. */
        public boolean wildcard() {
            return address.isAnyLocalAddress();
        }

        @Override
        public String toString() {
            String host = address.getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * {@code unix:/path}, {@code /path} (a socket), {@code IPv4:PORT} or {@code [IPv6]:PORT};
     * errors name the option.
     */
    static MetricsEndpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--metrics-address: empty");
        }
        if (text.startsWith("unix:")) {
            return new Unix(Path.of(text.substring("unix:".length())));
        }
        if (text.startsWith("/")) {
            return new Unix(Path.of(text));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--metrics-address \"" + text
                    + "\": expected ADDRESS:PORT (127.0.0.1:9647, [::1]:9647) or unix:/path");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("--metrics-address \"" + text + "\": write an IPv6 address in brackets");
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]+") || host.isEmpty()) {
            throw new IllegalArgumentException("--metrics-address \"" + text
                    + "\": the address must be a literal IP address, not a name");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics-address \"" + text + "\": the port is not a number", e);
        }
        try {
            return new Tcp(InetAddress.getByName(host), port); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--metrics-address \"" + text + "\": not an IP address", e);
        }
    }

    /** The endpoint for {@code --metrics-address}: empty means the default socket under {@code runDir}. */
    static MetricsEndpoint of(String address, Path runDir) {
        return address == null || address.isEmpty() ? new Unix(runDir.resolve(SOCKET_NAME)) : parse(address);
    }
}
