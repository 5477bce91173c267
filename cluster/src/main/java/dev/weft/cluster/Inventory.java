package dev.weft.cluster;

import dev.weft.kube.KubeNames;
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
 * Namespaces and names are Kubernetes names ({@link KubeNames}), so {@code NS/NAME} is one
 * unambiguous key: a name that breaks the rules is refused on write, and an entry that does
 * (written by something else) is skipped with a warning on read.
 */
public final class Inventory {
    public static final String PODS = "/weft/pods/";
    public static final String POD_META = "/weft/podmeta/";
    public static final String NAMESPACES = "/weft/namespaces/";
    public static final String POLICIES = "/weft/policies/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final System.Logger LOG = System.getLogger(Inventory.class.getName());

    private final Datastore store;

    public Inventory(Datastore store) {
        this.store = store;
    }

    /** A pod where it runs: its addresses and the host end of its interface (when it has one). */
    public record Pod(String namespace, String name, String node, List<IpAddress> ips, Optional<InterfaceName> hostIface) {
        public Pod {
            KubeNames.requireNamespace(namespace, "pod namespace");
            KubeNames.requireObjectName(name, "pod name");
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

    /** {@code PREFIX + NS/NAME}, the names checked (what a caller passes is outside input). */
    private static String key(String prefix, String namespace, String name) {
        return prefix + KubeNames.requireNamespace(namespace, "namespace") + "/"
                + KubeNames.requireObjectName(name, "name");
    }

    /** The {@code NS/NAME} after {@code prefix}, when both parts are valid names (else logged, empty). */
    private static Optional<String> validKey(Entry e, String prefix) {
        String rest = e.key().substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash > 0 && KubeNames.isDnsLabel(rest.substring(0, slash))
                && KubeNames.isDnsSubdomain(rest.substring(slash + 1))) {
            return Optional.of(rest);
        }
        LOG.log(System.Logger.Level.WARNING, "skipping datastore entry " + e.key()
                + ": not NAMESPACE/NAME of Kubernetes names");
        return Optional.empty();
    }

    public void putPod(Pod p) {
        put(key(PODS, p.namespace(), p.name()), new PodWire(p));
    }

    public void deletePod(String namespace, String name) {
        store.delete(key(PODS, namespace, name), Datastore.ANY);
    }

    /** The pods; an entry that is not a valid pod under its own key is skipped with a warning. */
    public List<Pod> pods() {
        List<Pod> out = new ArrayList<>();
        for (Entry e : store.list(PODS)) {
            Optional<String> key = validKey(e, PODS);
            if (key.isEmpty()) {
                continue;
            }
            try {
                Pod p = read(e, PodWire.class).pod();
                if (!p.key().equals(key.get())) {
                    throw new IllegalArgumentException("it holds pod " + p.key());
                }
                out.add(p);
            } catch (IllegalArgumentException | tools.jackson.core.JacksonException bad) {
                LOG.log(System.Logger.Level.WARNING, "skipping datastore entry " + e.key() + ": " + bad.getMessage());
            }
        }
        return out;
    }

    public void putPodMeta(String namespace, String name, PodMeta meta) {
        put(key(POD_META, namespace, name), meta);
    }

    public Optional<PodMeta> podMeta(String namespace, String name) {
        return store.get(key(POD_META, namespace, name)).map(e -> read(e, PodMeta.class));
    }

    /** Pod metadata by {@code NS/NAME}. */
    public Map<String, PodMeta> podMetas() {
        Map<String, PodMeta> out = new TreeMap<>();
        for (Entry e : store.list(POD_META)) {
            validKey(e, POD_META).ifPresent(k -> out.put(k, read(e, PodMeta.class)));
        }
        return out;
    }

    public void putNamespaceLabels(String namespace, Map<String, String> labels) {
        put(NAMESPACES + KubeNames.requireNamespace(namespace, "namespace"), new TreeMap<>(labels));
    }

    /** Namespace labels by name. */
    public Map<String, Map<String, String>> namespaces() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Entry e : store.list(NAMESPACES)) {
            String ns = e.key().substring(NAMESPACES.length());
            if (!KubeNames.isDnsLabel(ns)) {
                LOG.log(System.Logger.Level.WARNING, "skipping datastore entry " + e.key() + ": not a namespace name");
                continue;
            }
            out.put(ns, JSON.readValue(e.value(), new TypeReference<Map<String, String>>() { }));
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
            return Inventory.key(POLICIES, namespace, name);
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
        String key = key(POLICIES, namespace, name);
        return store.get(key).isPresent() && store.delete(key, Datastore.ANY);
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
            validKey(e, POLICIES).ifPresent(k -> out.put(k, new StoredPolicy(e.text(), e.modRevision())));
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

    private static <T> T read(Entry e, Class<T> type) {
        return JSON.readValue(e.value(), type);
    }
}
