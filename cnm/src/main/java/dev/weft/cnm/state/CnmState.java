package dev.weft.cnm.state;

import dev.weft.io.AtomicFile;
import dev.weft.io.StateFiles;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drivers' memory: pools, networks and endpoints, kept in one JSON file ({@code state.json},
 * private, replaced atomically on every change), so a restarted driver keeps serving what Docker
 * already has. Not thread-safe: the drivers call it under one lock. A damaged file is an error at
 * start (never silently replaced by an empty state, which would leak every address).
 */
public final class CnmState {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String FILE = "state.json";

    private final Path file;
    private final Map<String, PoolRecord> pools = new LinkedHashMap<>();
    private final Map<String, NetworkRecord> networks = new LinkedHashMap<>();
    private final Map<String, EndpointRecord> endpoints = new LinkedHashMap<>();

    private CnmState(Path file) {
        this.file = file;
    }

    /** Loads {@code dir/state.json}, or starts empty when there is none. */
    public static CnmState load(Path dir) {
        CnmState s = new CnmState(dir.resolve(FILE));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(s.file);
        } catch (NoSuchFileException e) {
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + s.file, e);
        }
        try {
            s.decode(JSON.readTree(bytes));
        } catch (RuntimeException e) {
            throw new IllegalStateException("damaged CNM state " + s.file + ": " + e.getMessage(), e);
        }
        return s;
    }

    public Optional<PoolRecord> pool(String id) {
        return Optional.ofNullable(pools.get(id));
    }

    public List<PoolRecord> pools() {
        return List.copyOf(pools.values());
    }

    public Optional<NetworkRecord> network(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    public List<NetworkRecord> networks() {
        return List.copyOf(networks.values());
    }

    public Optional<EndpointRecord> endpoint(String id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    public List<EndpointRecord> endpointsOf(String networkId) {
        return endpoints.values().stream().filter(e -> e.networkId().equals(networkId)).toList();
    }

    public List<EndpointRecord> endpoints() {
        return List.copyOf(endpoints.values());
    }

    public void put(PoolRecord p) {
        pools.put(p.id(), p);
        save();
    }

    public void removePool(String id) {
        if (pools.remove(id) != null) {
            save();
        }
    }

    public void put(NetworkRecord n) {
        networks.put(n.id(), n);
        save();
    }

    public void removeNetwork(String id) {
        if (networks.remove(id) != null) {
            save();
        }
    }

    public void put(EndpointRecord e) {
        endpoints.put(e.id(), e);
        save();
    }

    public void removeEndpoint(String id) {
        if (endpoints.remove(id) != null) {
            save();
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode ps = root.putArray("pools");
        pools.values().forEach(p -> ps.addObject().put("id", p.id()).put("cidr", p.cidr().toString())
                .put("gateway", p.gateway().toString()).put("storeDir", p.storeDir().toString())
                .put("storeNetwork", p.storeNetwork()).put("nodeSubnet", p.nodeSubnet()));
        ArrayNode ns = root.putArray("networks");
        networks.values().forEach(n -> ns.addObject().put("id", n.id()).put("bridge", n.bridge())
                .put("pool", n.pool().toString()).put("gateway", n.gateway().toString()).put("ipMasq", n.ipMasq())
                .put("ipMasqNetwork", n.ipMasqNetwork().toString()).put("mtu", n.mtu()));
        ArrayNode es = root.putArray("endpoints");
        endpoints.values().forEach(e -> {
            ObjectNode o = es.addObject().put("id", e.id()).put("networkId", e.networkId())
                    .put("address", e.address().toString()).put("srcName", e.srcName()).put("hostVeth", e.hostVeth());
            e.sandboxKey().ifPresent(k -> o.put("sandboxKey", k.toString()));
        });
        try {
            StateFiles.privateDirectory(file.getParent());
            AtomicFile.write(file, JSON.writeValueAsBytes(root), StateFiles.PRIVATE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void decode(JsonNode root) {
        for (JsonNode p : root.path("pools")) {
            put(pools, new PoolRecord(text(p, "id"), Cidr.parse(text(p, "cidr")), IpAddress.parse(text(p, "gateway")),
                    Path.of(text(p, "storeDir")), text(p, "storeNetwork"), p.path("nodeSubnet").asBoolean()));
        }
        for (JsonNode n : root.path("networks")) {
            NetworkRecord r = new NetworkRecord(text(n, "id"), text(n, "bridge"), Cidr.parse(text(n, "pool")),
                    IpAddress.parse(text(n, "gateway")), n.path("ipMasq").asBoolean(),
                    Cidr.parse(text(n, "ipMasqNetwork")), n.path("mtu").asInt());
            networks.put(r.id(), r);
        }
        for (JsonNode e : root.path("endpoints")) {
            EndpointRecord r = new EndpointRecord(text(e, "id"), text(e, "networkId"),
                    InterfaceAddress.parse(text(e, "address")), text(e, "srcName"), text(e, "hostVeth"),
                    e.has("sandboxKey") ? Optional.of(Path.of(text(e, "sandboxKey"))) : Optional.empty());
            endpoints.put(r.id(), r);
        }
    }

    private static void put(Map<String, PoolRecord> m, PoolRecord p) {
        m.put(p.id(), p);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing or not a string");
        }
        return v.asString();
    }

    /** For tests and views: the file this state lives in. */
    public Path file() {
        return file;
    }

    /** The endpoints' IDs, for GC against what Docker still has. */
    public List<String> endpointIds() {
        return new ArrayList<>(endpoints.keySet());
    }
}
