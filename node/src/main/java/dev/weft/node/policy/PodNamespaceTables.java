package dev.weft.node.policy;

import dev.weft.net.IpAddress;
import dev.weft.netlink.ns.NetNs;
import dev.weft.nft.Nft;
import dev.weft.nodestate.PodRecord;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.compile.PolicyCompiler;
import dev.weft.policy.compile.Ruleset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * NetworkPolicy of underlay pods, enforced inside each pod's own network namespace: the same
 * compiler gives each local pod its own ruleset ({@link PolicyCompiler#podRuleset}), applied as a
 * whole table ({@link PolicyCompiler#fullInPod}: input and output hooks, the node's addresses
 * exempt) in one {@code nft -f} run inside the namespace, and only when it changed, or when a
 * periodic round finds the table gone. A pod whose namespace is gone is forgotten; one whose
 * table cannot be applied is retried at the next round.
 */
public final class PodNamespaceTables {
    private static final System.Logger LOG = System.getLogger(PodNamespaceTables.class.getName());

    /** Runs an action with the calling thread's children in a namespace (the seam for tests). */
    public interface InNamespace {
        <T> T run(Path netns, Supplier<T> action);

        /** The real one: a worker thread that entered the namespace; nft spawned there runs there. */
        static InNamespace system() {
            return new InNamespace() {
                @Override
                public <T> T run(Path netns, Supplier<T> action) {
                    try (NetNs ns = NetNs.open(netns.toString())) {
                        return ns.run(action::get);
                    }
                }
            };
        }
    }

    private record Applied(Path netns, Ruleset ruleset) {
    }

    private final Nft nft;
    private final InNamespace ns;
    private final List<IpAddress> nodeAddresses;
    private Map<String, Applied> applied = new HashMap<>();

    public PodNamespaceTables(Nft nft, InNamespace ns, List<IpAddress> nodeAddresses) {
        this.nft = nft;
        this.ns = ns;
        this.nodeAddresses = List.copyOf(nodeAddresses);
    }

    /** Brings every local pod's table up to {@code cluster}; returns how many tables were written. */
    public synchronized int apply(ClusterSnapshot cluster, List<PodRecord> local, boolean checkTables) {
        Map<String, Applied> now = new HashMap<>();
        int written = 0;
        for (PodRecord r : local) {
            if (r.netns().isEmpty()) {
                continue; // recorded before namespaces were kept: its next ADD brings it in
            }
            String key = r.containerId() + "/" + r.ifName();
            Applied want = new Applied(r.netns().get(), PolicyCompiler.podRuleset(cluster, r.namespace(), r.name()));
            Applied before = applied.get(key);
            try {
                if (!want.equals(before) || checkTables && tableMissing(want.netns())) {
                    ns.run(want.netns(), () -> {
                        nft.apply(PolicyCompiler.fullInPod(want.ruleset(), nodeAddresses).transaction());
                        return null;
                    });
                    written++;
                }
                now.put(key, want);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot enforce policy in the namespace of pod " + r.namespace()
                        + "/" + r.name() + " (" + want.netns() + "); retrying next round: " + e.getMessage());
            }
        }
        applied = now;
        return written;
    }

    private boolean tableMissing(Path netns) {
        return ns.run(netns, () -> nft.listJson("table inet " + PolicyCompiler.TABLE).isEmpty());
    }
}
