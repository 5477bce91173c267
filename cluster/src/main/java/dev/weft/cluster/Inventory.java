package dev.weft.cluster;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.Write;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What policy enforcement needs to know, in the datastore:
 * <ul>
 *   <li>{@code /weft/pods/NS/NAME}: where a pod runs and its addresses, published by its node's agent;</li>
 *   <li>{@code /weft/podmeta/NS/NAME}: its labels and named container ports (the API server's part);</li>
 *   <li>{@code /weft/namespaces/NS}: namespace labels;</li>
 *   <li>{@code /weft/policies/NS/NAME}: NetworkPolicy manifests, one JSON document each.</li>
 * </ul>
 */
public final class Inventory {
    public static final String PODS = "/weft/pods/";
    public static final String POD_META = "/weft/podmeta/";
    public static final String NAMESPACES = "/weft/namespaces/";
    public static final String POLICIES = "/weft/policies/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Datastore store;

    public Inventory(Datastore store) {
        this.store = store;
    }

    /** A pod where it runs: its addresses and the host end of its interface (when it has one). */
    public record Pod(String namespace, String name, String node, List<IpAddress> ips, Optional<InterfaceName> hostIface) {
        public Pod {
            ips = List.copyOf(ips);
        }

        /** {@code NS/NAME}. */
        public String key() {
            return namespace + "/" + name;
        }
    }

    /** A pod as stored: strings, the datastore's format since the first release. */
    private record PodWire(String namespace, String name, String node, List<String> ips, String hostIface) {
        PodWire(Pod p) {
            this(p.namespace(), p.name(), p.node(), p.ips().stream().map(IpAddress::toString).toList(),
                    p.hostIface().map(InterfaceName::value).orElse(null));
        }

        Pod pod() {
            return new Pod(namespace, name, node, ips.stream().map(IpAddress::parse).toList(),
                    Optional.ofNullable(hostIface).map(InterfaceName::of));
        }
    }

    /** A named container port. */
    public record Port(int port, String protocol) {
        /** {@code PORT/PROTO} (protocol TCP when omitted); {@code what} names the option in errors. */
        public static Port parse(String spec, String what) {
            String[] p = spec.split("/", 2);
            try {
                return new Port(Integer.parseInt(p[0]), p.length > 1 ? p[1].toUpperCase(java.util.Locale.ROOT) : "TCP");
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " \"" + spec + "\": expected PORT/PROTO, e.g. 80/TCP", e);
            }
        }
    }

    /** A pod's labels and named ports. */
    public record PodMeta(Map<String, String> labels, Map<String, Port> ports) {
        public PodMeta {
            labels = new TreeMap<>(labels == null ? Map.of() : labels);
            ports = new TreeMap<>(ports == null ? Map.of() : ports);
        }
    }

    public void putPod(Pod p) {
        put(PODS + p.key(), new PodWire(p));
    }

    public void deletePod(String namespace, String name) {
        store.delete(PODS + namespace + "/" + name, Datastore.ANY);
    }

    public List<Pod> pods() {
        return list(PODS, PodWire.class).stream().map(PodWire::pod).toList();
    }

    public void putPodMeta(String namespace, String name, PodMeta meta) {
        put(POD_META + namespace + "/" + name, meta);
    }

    public Optional<PodMeta> podMeta(String namespace, String name) {
        return store.get(POD_META + namespace + "/" + name).map(e -> read(e, PodMeta.class));
    }

    /** Pod metadata by {@code NS/NAME}. */
    public Map<String, PodMeta> podMetas() {
        Map<String, PodMeta> out = new TreeMap<>();
        for (Entry e : store.list(POD_META)) {
            out.put(e.key().substring(POD_META.length()), read(e, PodMeta.class));
        }
        return out;
    }

    public void putNamespaceLabels(String namespace, Map<String, String> labels) {
        put(NAMESPACES + namespace, new TreeMap<>(labels));
    }

    /** Namespace labels by name. */
    public Map<String, Map<String, String>> namespaces() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Entry e : store.list(NAMESPACES)) {
            out.put(e.key().substring(NAMESPACES.length()), JSON.readValue(e.value(), new TypeReference<Map<String, String>>() { }));
        }
        return out;
    }

    public void putPolicy(String namespace, String name, String json) {
        putPolicies(List.of(new PolicyDocument(namespace, name, json)));
    }

    /** A NetworkPolicy manifest as stored: one JSON document under {@code /weft/policies/NS/NAME}. */
    public record PolicyDocument(String namespace, String name, String json) {
        public PolicyDocument {
            java.util.Objects.requireNonNull(namespace, "namespace");
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(json, "json");
        }

        String key() {
            return POLICIES + namespace + "/" + name;
        }
    }

    /**
     * Stores {@code policies} in one datastore commit: all or none, at one revision, so agents never
     * enforce half of a manifest and 10,000 policies are one write, not 10,000. Returns the revision.
     */
    public long putPolicies(List<PolicyDocument> policies) {
        Map<String, Write> writes = new java.util.LinkedHashMap<>();
        for (PolicyDocument p : policies) {
            writes.put(p.key(), Write.put(p.key(), p.json().getBytes(StandardCharsets.UTF_8))); // the last of a name wins, as with kubectl
        }
        return store.commit(List.copyOf(writes.values()));
    }

    public boolean deletePolicy(String namespace, String name) {
        return store.get(POLICIES + namespace + "/" + name).isPresent()
                && store.delete(POLICIES + namespace + "/" + name, Datastore.ANY);
    }

    /** Policy documents by {@code NS/NAME}. */
    public Map<String, String> policies() {
        Map<String, String> out = new TreeMap<>();
        storedPolicies().forEach((key, p) -> out.put(key, p.json()));
        return out;
    }

    /** A stored policy document and the revision that last wrote it (a cache key: same revision, same text). */
    public record StoredPolicy(String json, long revision) {
    }

    /** Policy documents with their revisions, by {@code NS/NAME}. */
    public Map<String, StoredPolicy> storedPolicies() {
        Map<String, StoredPolicy> out = new TreeMap<>();
        for (Entry e : store.list(POLICIES)) {
            out.put(e.key().substring(POLICIES.length()), new StoredPolicy(e.text(), e.modRevision()));
        }
        return out;
    }

    /** Runs {@code onChange} after any change to pods, their metadata, namespaces or policies. */
    public AutoCloseable watch(Runnable onChange) {
        long rev = store.revision();
        List<AutoCloseable> handles = new ArrayList<>();
        for (String prefix : List.of(PODS, POD_META, NAMESPACES, POLICIES)) {
            handles.add(store.watch(prefix, rev, e -> onChange.run()));
        }
        return () -> {
            for (AutoCloseable h : handles) {
                h.close();
            }
        };
    }

    private void put(String key, Object value) {
        store.put(key, JSON.writeValueAsBytes(value), Datastore.ANY, 0);
    }

    private <T> List<T> list(String prefix, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : store.list(prefix)) {
            out.add(read(e, type));
        }
        return out;
    }

    private static <T> T read(Entry e, Class<T> type) {
        return JSON.readValue(e.value(), type);
    }
}
