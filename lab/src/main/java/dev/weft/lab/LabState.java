package dev.weft.lab;

import dev.weft.io.AtomicFile;
import dev.weft.cni.json.Json;
import dev.weft.lock.FileMutex;
import dev.weft.nodestate.PodRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A lab's record of itself ({@code lab.json} in its directory): how it was built, its nodes with
 * their agent processes, and its pods. Changes go through {@link #update} under a file lock, so
 * several {@code weft lab} commands may run at once.
 */
public record LabState(String name, String backend, String topology, String datastore, long etcdPid,
                       String javaHome, String classpath, List<Node> nodes, List<Pod> pods) {

    public LabState {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
    }

    /** One node: its index (from 1), underlay address with prefix, namespace and agent pid. */
    public record Node(String name, int index, String address, String netns, long agentPid) {
        public String ip() {
            return address.substring(0, address.indexOf('/'));
        }
    }

    /**
     * One pod: {@code NAMESPACE/NAME}, where it runs, its address, labels and named ports; or a
     * Docker container weft's driver attached ({@link LabDocker}), whose {@code netns} is its
     * sandbox's path rather than a name under {@code /run/netns}.
     */
    public record Pod(String name, String node, String netns, String containerId, String ip,
                      Map<String, String> labels) {
        public Pod {
            labels = new TreeMap<>(labels == null ? Map.of() : labels);
        }

        public String namespace() {
            return name.substring(0, name.indexOf('/'));
        }

        /** Whether this is a Docker container (its container ID is the driver's record's). */
        public boolean docker() {
            return containerId.startsWith(PodRecord.DOCKER_PREFIX);
        }
    }

    public Optional<Node> node(String n) {
        return nodes.stream().filter(x -> x.name().equals(n)).findFirst();
    }

    public Optional<Pod> pod(String p) {
        String full = LabLayout.checkPod(p);
        return pods.stream().filter(x -> x.name().equals(full)).findFirst();
    }

    public Node requireNode(String n) {
        return node(n).orElseThrow(() -> new IllegalArgumentException("lab " + name + " has no node \"" + n
                + "\" (nodes: " + nodes.stream().map(Node::name).toList() + ")"));
    }

    public Pod requirePod(String p) {
        return pod(p).orElseThrow(() -> new IllegalArgumentException("lab " + name + " has no pod \"" + p + "\""));
    }

    public LabState withNode(Node n) {
        List<Node> out = new ArrayList<>(nodes.stream().filter(x -> !x.name().equals(n.name())).toList());
        out.add(n);
        out.sort(java.util.Comparator.comparingInt(Node::index));
        return new LabState(name, backend, topology, datastore, etcdPid, javaHome, classpath, out, pods);
    }

    public LabState withoutNode(String n) {
        return new LabState(name, backend, topology, datastore, etcdPid, javaHome, classpath,
                nodes.stream().filter(x -> !x.name().equals(n)).toList(),
                pods.stream().filter(p -> !p.node().equals(n)).toList());
    }

    public LabState withPod(Pod p) {
        List<Pod> out = new ArrayList<>(pods.stream().filter(x -> !x.name().equals(p.name())).toList());
        out.add(p);
        return new LabState(name, backend, topology, datastore, etcdPid, javaHome, classpath, nodes, out);
    }

    public LabState withoutPod(String p) {
        return new LabState(name, backend, topology, datastore, etcdPid, javaHome, classpath, nodes,
                pods.stream().filter(x -> !x.name().equals(p)).toList());
    }

    public LabState withEtcdPid(long pid) {
        return new LabState(name, backend, topology, datastore, pid, javaHome, classpath, nodes, pods);
    }

    static Path file(LabLayout layout) {
        return layout.dir().resolve("lab.json");
    }

    public static Optional<LabState> load(LabLayout layout) {
        Path f = file(layout);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(f), LabState.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("lab " + layout.name() + ": cannot read " + f + " (" + e.getMessage()
                    + "); `weft lab down --name " + layout.name() + "` removes it", e);
        }
    }

    public static LabState require(LabLayout layout) {
        return load(layout).orElseThrow(() -> new IllegalArgumentException("no lab named \"" + layout.name()
                + "\" is up (weft lab up --name " + layout.name() + ")"));
    }

    void save(LabLayout layout) {
        try {
            AtomicFile.write(file(layout), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(layout), e);
        }
    }

    /** Reads, changes and writes the state under the lab's lock; returns the new state. */
    public static LabState update(LabLayout layout, UnaryOperator<LabState> change) {
        return new FileMutex(layout.dir().resolve("lab.lock")).locked(() -> {
            LabState next = change.apply(require(layout));
            next.save(layout);
            return next;
        });
    }
}
