package dev.weft.cri;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kubelet knows of a pod when it asks for its sandbox: identity, labels, annotations (such
 * as {@code kubernetes.io/ingress-bandwidth}, which containerd turns into CNI's bandwidth
 * capability) and the host ports its containers publish.
 */
public record PodSpec(String namespace, String name, String uid, Map<String, String> labels, Map<String, String> annotations,
                      List<PortMapping> ports) {
    public PodSpec {
        requireLabel("namespace", namespace);
        requireLabel("name", name);
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("uid: must not be blank");
        }
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    }

    /** A pod without labels or ports, its uid derived from its name. */
    public static PodSpec of(String namespace, String name) {
        return new PodSpec(namespace, name, "uid-" + namespace + "-" + name, Map.of(), Map.of(), List.of());
    }

    public PodSpec withPorts(List<PortMapping> p) {
        return new PodSpec(namespace, name, uid, labels, annotations, p);
    }

    public PodSpec withAnnotations(Map<String, String> a) {
        return new PodSpec(namespace, name, uid, labels, a, ports);
    }

    private static void requireLabel(String field, String v) {
        if (v == null || !v.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(field + " \"" + v + "\": expected a DNS label");
        }
    }

    /** A TCP port of the pod published on {@code hostPort} of its node. */
    public record PortMapping(int containerPort, int hostPort) {
        public PortMapping {
            if (containerPort < 1 || containerPort > 65535) {
                throw new IllegalArgumentException("containerPort " + containerPort + ": expected 1-65535");
            }
            if (hostPort < 1 || hostPort > 65535) {
                throw new IllegalArgumentException("hostPort " + hostPort + ": expected 1-65535");
            }
        }
    }
}
