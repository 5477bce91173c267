package dev.weft.policy;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A namespace and its labels. The API server stamps {@value #NAME_LABEL} on every namespace
 * (since Kubernetes 1.22), so namespace selectors may rely on it; we add it here for the same reason.
 */
public record NamespaceInfo(String name, SortedMap<String, String> labels) {
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public NamespaceInfo {
        PodInfo.requireText("namespace name", name);
        TreeMap<String, String> all = new TreeMap<>(labels);
        all.put(NAME_LABEL, name);
        labels = Collections.unmodifiableSortedMap(all);
    }

    public static NamespaceInfo of(String name, Map<String, String> labels) {
        return new NamespaceInfo(name, new TreeMap<>(labels));
    }
}
