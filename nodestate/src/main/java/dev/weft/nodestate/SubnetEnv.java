package dev.weft.nodestate;

import dev.weft.io.AtomicFile;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's answer to the CNI plugin, in Flannel's {@code subnet.env} shape: the cluster
 * network, this node's subnet as its first address (the bridge's gateway), the pod MTU and
 * whether to masquerade. The agent renders it; the {@code weft} plugin parses it. This record
 * owns the format both ways.
 */
public record SubnetEnv(Cidr network, InterfaceAddress subnet, int mtu, boolean ipMasq) {
    static final String NETWORK = "WEFT_NETWORK";
    static final String SUBNET = "WEFT_SUBNET";
    static final String MTU = "WEFT_MTU";
    static final String IPMASQ = "WEFT_IPMASQ";

    /** The file for a node holding {@code subnet} of the cluster {@code network}: the gateway is its first address. */
    public static SubnetEnv of(Cidr network, Cidr subnet, int mtu, boolean ipMasq) {
        return new SubnetEnv(network, new InterfaceAddress(subnet.network().plus(1), subnet.prefixLength()), mtu, ipMasq);
    }

    public String render() {
        return NETWORK + "=" + network + "\n" + SUBNET + "=" + subnet + "\n" + MTU + "=" + mtu + "\n"
                + IPMASQ + "=" + ipMasq + "\n";
    }

    /**
     * Parses {@link #render()}'s output ({@code KEY=VALUE} lines, {@code #} comments). A missing
     * or malformed value is an {@link IllegalArgumentException} naming its key.
     */
    public static SubnetEnv parse(String text) {
        Map<String, String> v = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                v.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return new SubnetEnv(value(v, NETWORK, null, Cidr::parse), value(v, SUBNET, null, InterfaceAddress::parse),
                value(v, MTU, "0", Integer::parseInt), value(v, IPMASQ, "false", Boolean::parseBoolean));
    }

    /** {@code key}'s value parsed; when it is missing or empty, {@code orElse} (null: required). */
    private static <T> T value(Map<String, String> v, String key, String orElse,
                               java.util.function.Function<String, T> parse) {
        String s = v.get(key);
        if (s == null || s.isEmpty()) {
            if (orElse == null) {
                throw new IllegalArgumentException("no " + key);
            }
            s = orElse;
        }
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=" + s + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically, so a plugin never reads half a file. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, render().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
