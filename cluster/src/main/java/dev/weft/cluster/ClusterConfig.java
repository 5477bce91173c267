package dev.weft.cluster;

import dev.weft.net.Cidr;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster configuration stored at {@value #KEY}: the pod network, the node subnet length, the
 * range nodes may take (first and last subnet), the backend type, the lease TTL and, for vxlan,
 * {@code directRouting} (Flannel's DirectRouting: plain routes to peers on the same L2 segment,
 * VXLAN only to the others), for the macvlan (underlay) backend the weft-ipam {@code pool} pods
 * take their addresses from (on the nodes' own segment; the node subnet leases then only record
 * membership), and the backend's own options ({@code backendOptions}, e.g. the udp backend's
 * {@code port} and {@code udpDatapath}; the backend validates them, stored as given).
 */
public record ClusterConfig(Cidr network, int subnetLength, Cidr subnetMin, Cidr subnetMax, String backend,
                            long leaseTtlSeconds, boolean directRouting, java.util.Optional<String> pool,
                            Map<String, String> backendOptions) {
    public static final String KEY = "/weft/config";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ClusterConfig(Cidr network, int subnetLength, Cidr subnetMin, Cidr subnetMax, String backend,
                         long leaseTtlSeconds) {
        this(network, subnetLength, subnetMin, subnetMax, backend, leaseTtlSeconds, false, java.util.Optional.empty(), Map.of());
    }

    public ClusterConfig(Cidr network, int subnetLength, Cidr subnetMin, Cidr subnetMax, String backend,
                         long leaseTtlSeconds, boolean directRouting) {
        this(network, subnetLength, subnetMin, subnetMax, backend, leaseTtlSeconds, directRouting, java.util.Optional.empty(),
                Map.of());
    }

    public ClusterConfig withDirectRouting(boolean on) {
        return new ClusterConfig(network, subnetLength, subnetMin, subnetMax, backend, leaseTtlSeconds, on, pool,
                backendOptions);
    }

    /** The same configuration with pods addressed from weft-ipam pool {@code name} (macvlan backend). */
    public ClusterConfig withPool(String name) {
        return new ClusterConfig(network, subnetLength, subnetMin, subnetMax, backend, leaseTtlSeconds, directRouting,
                java.util.Optional.of(name), backendOptions);
    }

    /** This configuration with the backend's options replaced by {@code options}. */
    public ClusterConfig withBackendOptions(Map<String, String> options) {
        return new ClusterConfig(network, subnetLength, subnetMin, subnetMax, backend, leaseTtlSeconds, directRouting,
                pool, options);
    }

    public ClusterConfig {
        pool = pool == null ? java.util.Optional.empty() : pool;
        if (pool.isPresent() && pool.get().isBlank()) {
            throw new IllegalArgumentException("pool must not be blank");
        }
        backendOptions = backendOptions == null ? Map.of() : Map.copyOf(backendOptions);
        if (subnetLength <= network.prefixLength() || subnetLength > network.network().bitLength() - 2) {
            throw new IllegalArgumentException("subnet length /" + subnetLength + " does not fit in network " + network);
        }
        for (Cidr c : new Cidr[] {subnetMin, subnetMax}) {
            if (c.prefixLength() != subnetLength || !network.contains(c)) {
                throw new IllegalArgumentException("subnet " + c + " is not a /" + subnetLength + " of " + network);
            }
        }
        if (subnetMin.compareTo(subnetMax) > 0) {
            throw new IllegalArgumentException("subnetMin " + subnetMin + " is after subnetMax " + subnetMax);
        }
        if (leaseTtlSeconds < 1) {
            throw new IllegalArgumentException("lease TTL must be at least 1 s");
        }
    }

    /**
     * Flannel's defaults: /24 node subnets from the network's second subnet to its last, so the
     * first (often the network address's own /24) is left out.
     */
    public static ClusterConfig of(Cidr network, int subnetLength, String backend) {
        Cidr first = Cidr.of(network.network(), subnetLength);
        java.math.BigInteger step = java.math.BigInteger.ONE.shiftLeft(network.network().bitLength() - subnetLength);
        Cidr second = Cidr.of(dev.weft.net.IpAddress.ofBigInteger(first.network().toBigInteger().add(step),
                !network.isV4()), subnetLength);
        Cidr last = Cidr.of(network.last(), subnetLength);
        return new ClusterConfig(network, subnetLength, network.contains(second) ? second : first, last, backend, 3600);
    }

    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("network", network.toString()).put("subnetLen", subnetLength).put("subnetMin", subnetMin.toString())
                .put("subnetMax", subnetMax.toString()).put("backend", backend).put("leaseTtl", leaseTtlSeconds)
                .put("directRouting", directRouting);
        pool.ifPresent(p -> o.put("pool", p));
        if (!backendOptions.isEmpty()) {
            ObjectNode opts = o.putObject("backendOptions");
            new TreeMap<>(backendOptions).forEach(opts::put);
        }
        return JSON.writeValueAsBytes(o);
    }

    public static ClusterConfig fromJson(byte[] bytes) {
        JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        Cidr network = Cidr.parse(n.path("network").asString());
        int len = n.path("subnetLen").asInt(24);
        ClusterConfig d = of(network, len, n.path("backend").asString("vxlan"));
        return new ClusterConfig(network, len,
                n.has("subnetMin") ? Cidr.parse(n.path("subnetMin").asString()) : d.subnetMin(),
                n.has("subnetMax") ? Cidr.parse(n.path("subnetMax").asString()) : d.subnetMax(),
                d.backend(), n.path("leaseTtl").asLong(3600), n.path("directRouting").asBoolean(false),
                n.hasNonNull("pool") ? java.util.Optional.of(n.path("pool").asString()) : java.util.Optional.empty(),
                options(n.path("backendOptions")));
    }

    private static Map<String, String> options(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!e.getValue().isValueNode()) {
                    throw new IllegalArgumentException("backendOptions." + e.getKey() + " must be a string or a number");
                }
                out.put(e.getKey(), e.getValue().asString());
            }
        } else if (!n.isMissingNode() && !n.isNull()) {
            throw new IllegalArgumentException("backendOptions must be an object");
        }
        return out;
    }
}
