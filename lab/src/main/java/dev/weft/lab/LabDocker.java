package dev.weft.lab;

import dev.weft.nodestate.PodRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker containers on the lab's nodes, as weft's Docker driver published them: the records with
 * the driver's prefix ({@link PodRecord#DOCKER_PREFIX}) in each node's weft data dir — the records
 * the node's agent publishes for NetworkPolicy, so the lab sees what policy sees. Each becomes a
 * {@link LabState.Pod} whose {@code netns} is the sandbox's path Docker gave at Join, which the
 * matrix enters like a pod's namespace. Not in {@code lab.json}: Docker, not the lab, makes and
 * removes them. Labels live in the datastore, not the record, and are left out. A container whose
 * record has no sandbox (published before the driver kept it) or whose sandbox is gone is left out.
 */
public final class LabDocker {
    private LabDocker() {
    }

    /** Every node's Docker containers, node by node. */
    public static List<LabState.Pod> containers(LabLayout layout, LabState s) {
        List<LabState.Pod> out = new ArrayList<>();
        for (LabState.Node n : s.nodes()) {
            for (PodRecord r : PodRecord.readAll(layout.nodeDir(n.name()).resolve(Lab.CNI_DATA_DIR))) {
                if (r.isDocker() && !r.ips().isEmpty() && r.netns().filter(Files::exists).isPresent()) {
                    out.add(pod(n.name(), r));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(LabState.Pod::node).thenComparing(LabState.Pod::name));
        return out;
    }

    /** The lab's own pods, then its Docker containers: what {@code weft lab matrix} probes and {@code status} lists. */
    public static List<LabState.Pod> withContainers(LabLayout layout, LabState s) {
        List<LabState.Pod> all = new ArrayList<>(s.pods());
        all.addAll(containers(layout, s));
        return all;
    }

    static LabState.Pod pod(String node, PodRecord r) {
        Path netns = r.netns().orElseThrow();
        return new LabState.Pod(r.namespace() + "/" + r.name(), node, netns.toString(), r.containerId(),
                r.ips().getFirst().toString(), Map.of());
    }
}
