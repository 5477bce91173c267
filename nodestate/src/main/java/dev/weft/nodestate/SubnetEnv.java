package dev.weft.nodestate;

import dev.weft.io.AtomicFile;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's answer to the CNI plugin, in Flannel's {@code subnet.env} shape: the cluster
 * network, this node's subnet as its first address (the bridge's gateway), the pod MTU and
 * whether to masquerade. The agent renders it; the {@code weft} plugin parses it. This record
 * owns the format both ways.
 *
 * <p>On the macvlan (underlay) backend it also carries {@link Underlay}: the plugin then attaches
 * pods with weft-macvlan on the uplink and weft-ipam from the cluster's pool instead of
 * weft-bridge on the node subnet, so the conflist stays the same for every backend. On a routed
 * backend with a cluster pool (host-gw, vxlan, bgp) it carries {@link BridgePool} instead: pods stay
 * on the {@value #BRIDGE} bridge but take weft-ipam addresses as host prefixes ({@code WEFT_BACKEND=bridge-ipam}).
 * On bgp without a pool pods are {@code routed} ({@code WEFT_BACKEND=routed}, Calico's wiring): a
 * veth per pod and a host route to it, no bridge; their addresses still come from the node subnet.
 */
public record SubnetEnv(Cidr network, InterfaceAddress subnet, int mtu, boolean ipMasq, Optional<Underlay> underlay,
                        Optional<BridgePool> bridgePool, boolean routed) {
    /** The bridge the weft plugin puts pods on (and the agent routes weft-ipam blocks to). */
    public static final String BRIDGE = "weft0";
    static final String NETWORK = "WEFT_NETWORK";
    static final String SUBNET = "WEFT_SUBNET";
    static final String MTU = "WEFT_MTU";
    static final String IPMASQ = "WEFT_IPMASQ";
    static final String BACKEND = "WEFT_BACKEND";
    static final String UPLINK = "WEFT_UPLINK";
    static final String POOL = "WEFT_IPAM_POOL";
    static final String DATASTORE = "WEFT_IPAM_DATASTORE";
    static final String NODE = "WEFT_IPAM_NODE";
    static final String IPAM_DIR = "WEFT_IPAM_DATA_DIR";
    static final String MACVLAN = "macvlan";
    static final String BRIDGE_IPAM = "bridge-ipam";
    static final String ROUTED = "routed";
    static final String POOL_NETWORK = "WEFT_IPAM_NETWORK";

    /**
     * Bridge pods addressed from weft-ipam pool {@code pool} ({@code poolNetwork}: its CIDR, left
     * unmasqueraded), with weft-ipam's datastore, node name and data dir exactly as the agent uses them.
     */
    public record BridgePool(String pool, Cidr poolNetwork, String datastore, String node, Path ipamDataDir) {
        public BridgePool {
            java.util.Objects.requireNonNull(poolNetwork, "poolNetwork");
            for (String[] f : new String[][] {{"pool", pool}, {"datastore", datastore}, {"node", node}}) {
                if (f[1] == null || f[1].isBlank() || f[1].contains("\n")) {
                    throw new IllegalArgumentException("bridge pool " + f[0] + " \"" + f[1] + "\" is empty or not one line");
                }
            }
            if (ipamDataDir == null || !ipamDataDir.isAbsolute()) {
                throw new IllegalArgumentException("bridge pool ipamDataDir " + ipamDataDir + " is not an absolute path");
            }
        }
    }

    /**
     * Where underlay pods attach: the uplink device, the weft-ipam pool, and weft-ipam's datastore,
     * node name and data dir exactly as the agent uses them (so its GC sees the pods' records).
     */
    public record Underlay(InterfaceName uplink, String pool, String datastore, String node, Path ipamDataDir) {
        public Underlay {
            java.util.Objects.requireNonNull(uplink, "uplink");
            for (String[] f : new String[][] {{"pool", pool}, {"datastore", datastore}, {"node", node}}) {
                if (f[1] == null || f[1].isBlank() || f[1].contains("\n")) {
                    throw new IllegalArgumentException("underlay " + f[0] + " \"" + f[1] + "\" is empty or not one line");
                }
            }
            if (ipamDataDir == null || !ipamDataDir.isAbsolute()) {
                throw new IllegalArgumentException("underlay ipamDataDir " + ipamDataDir + " is not an absolute path");
            }
        }
    }

    public SubnetEnv {
        underlay = underlay == null ? Optional.empty() : underlay;
        bridgePool = bridgePool == null ? Optional.empty() : bridgePool;
        if (Stream.of(underlay.isPresent(), bridgePool.isPresent(), routed).filter(b -> b).count() > 1) {
            throw new IllegalArgumentException("pods are on the underlay, on the bridge from a pool or routed: one of them");
        }
    }

    /** Without an underlay (bridge on the node subnet). */
    public SubnetEnv(Cidr network, InterfaceAddress subnet, int mtu, boolean ipMasq) {
        this(network, subnet, mtu, ipMasq, Optional.empty(), Optional.empty(), false);
    }

    /** The same file with pods on the underlay. */
    public SubnetEnv withUnderlay(Underlay u) {
        return new SubnetEnv(network, subnet, mtu, ipMasq, Optional.of(u), Optional.empty(), false);
    }

    /** The same file with bridge pods addressed from a weft-ipam pool. */
    public SubnetEnv withBridgePool(BridgePool p) {
        return new SubnetEnv(network, subnet, mtu, ipMasq, Optional.empty(), Optional.of(p), false);
    }

    /** The same file with routed pods on the node subnet: a veth and a host route each, no bridge. */
    public SubnetEnv withRoutedPods() {
        return new SubnetEnv(network, subnet, mtu, ipMasq, Optional.empty(), Optional.empty(), true);
    }

    /** The file for a node holding {@code subnet} of the cluster {@code network}: the gateway is its first address. */
    public static SubnetEnv of(Cidr network, Cidr subnet, int mtu, boolean ipMasq) {
        return new SubnetEnv(network, new InterfaceAddress(subnet.network().plus(1), subnet.prefixLength()), mtu, ipMasq);
    }

    public String render() {
        String base = NETWORK + "=" + network + "\n" + SUBNET + "=" + subnet + "\n" + MTU + "=" + mtu + "\n"
                + IPMASQ + "=" + ipMasq + "\n";
        if (bridgePool.isPresent()) {
            BridgePool p = bridgePool.get();
            return base + BACKEND + "=" + BRIDGE_IPAM + "\n" + POOL + "=" + p.pool() + "\n" + POOL_NETWORK + "="
                    + p.poolNetwork() + "\n" + DATASTORE + "=" + p.datastore() + "\n" + NODE + "=" + p.node() + "\n"
                    + IPAM_DIR + "=" + p.ipamDataDir() + "\n";
        }
        if (routed) {
            return base + BACKEND + "=" + ROUTED + "\n";
        }
        return underlay.map(u -> base + BACKEND + "=" + MACVLAN + "\n" + UPLINK + "=" + u.uplink() + "\n" + POOL + "="
                + u.pool() + "\n" + DATASTORE + "=" + u.datastore() + "\n" + NODE + "=" + u.node() + "\n" + IPAM_DIR + "="
                + u.ipamDataDir() + "\n").orElse(base);
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
                value(v, MTU, "0", Integer::parseInt), value(v, IPMASQ, "false", Boolean::parseBoolean), underlay(v),
                bridgePool(v), ROUTED.equals(v.get(BACKEND)));
    }

    private static Optional<BridgePool> bridgePool(Map<String, String> v) {
        if (!BRIDGE_IPAM.equals(v.get(BACKEND))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BridgePool(value(v, POOL, null, s -> s), value(v, POOL_NETWORK, null, Cidr::parse),
                    value(v, DATASTORE, null, s -> s), value(v, NODE, null, s -> s), value(v, IPAM_DIR, null, Path::of)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BACKEND + "=" + BRIDGE_IPAM + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Underlay> underlay(Map<String, String> v) {
        String backend = v.getOrDefault(BACKEND, "");
        if (backend.isEmpty() || backend.equals(BRIDGE_IPAM) || backend.equals(ROUTED)) {
            return Optional.empty();
        }
        if (!backend.equals(MACVLAN)) {
            throw new IllegalArgumentException(BACKEND + "=" + backend + ": only " + MACVLAN + ", " + BRIDGE_IPAM + " and "
                    + ROUTED + " carry pod settings");
        }
        try {
            return Optional.of(new Underlay(value(v, UPLINK, null, InterfaceName::of), value(v, POOL, null, s -> s),
                    value(v, DATASTORE, null, s -> s), value(v, NODE, null, s -> s), value(v, IPAM_DIR, null, Path::of)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BACKEND + "=" + MACVLAN + ": " + e.getMessage(), e);
        }
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
