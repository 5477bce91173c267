package dev.weft.node.policy;

import dev.weft.cluster.Inventory;
import dev.weft.nodestate.PodRecord;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code /weft/pods/} equal to what the weft CNI plugin recorded on this node: new and
 * changed pods are put, this node's pods without a record are deleted. Idempotent; the enforcer
 * calls it every round.
 */
public final class PodPublisher {
    private final Inventory inventory;
    private final String node;
    private final Path cniDataDir;

    public PodPublisher(Inventory inventory, String node, Path cniDataDir) {
        this.inventory = inventory;
        this.node = node;
        this.cniDataDir = cniDataDir;
    }

    /** Returns true when the datastore changed. */
    public boolean sync() {
        Map<String, Inventory.Pod> wanted = new HashMap<>();
        for (PodRecord r : PodRecord.readAll(cniDataDir)) {
            Inventory.Pod pod = new Inventory.Pod(r.namespace(), r.name(), node, r.ips(), r.hostIface());
            wanted.put(pod.key(), pod);
        }
        Map<String, Inventory.Pod> published = new HashMap<>();
        for (Inventory.Pod p : inventory.pods()) {
            published.put(p.key(), p);
        }
        boolean changed = false;
        for (Inventory.Pod p : wanted.values()) {
            if (!p.equals(published.get(p.key()))) {
                inventory.putPod(p);
                changed = true;
            }
        }
        for (Inventory.Pod p : List.copyOf(published.values())) {
            if (p.node().equals(node) && !wanted.containsKey(p.key())) {
                inventory.deletePod(p.namespace(), p.name());
                changed = true;
            }
        }
        return changed;
    }
}
