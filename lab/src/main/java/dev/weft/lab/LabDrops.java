package dev.weft.lab;

import dev.weft.node.policy.DropFile;
import dev.weft.node.policy.DropRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy drop logs of a lab's agents: each node's {@code drops.jsonl} in its directory (the
 * agent's {@code --run-dir}), for {@code weft policy drops --lab} and for {@link Verify}'s report
 * of an unexpected cell.
 */
public final class LabDrops {
    private final LabLayout layout;

    public LabDrops(LabLayout layout) {
        this.layout = layout;
    }

    /** Every node's drop file, whether it exists yet or not. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (LabState.Node n : LabState.require(layout).nodes()) {
            out.add(DropFile.in(layout.nodeDir(n.name())));
        }
        return out;
    }

    /** Every node's records, in no particular order. */
    public List<DropRecord> all() {
        List<DropRecord> out = new ArrayList<>();
        files().forEach(f -> out.addAll(DropFile.readAll(f)));
        return out;
    }

    /**
     * The last record since {@code sinceMillis} of a packet from pod {@code from} to pod {@code to}
     * on {@code port}/{@code protocol} ({@code TCP}, {@code UDP}).
     */
    public Optional<DropRecord> last(String from, String to, int port, String protocol, long sinceMillis) {
        return all().stream().filter(r -> r.timeMillis() >= sinceMillis && r.sourcePod().equals(from)
                        && r.destinationPod().equals(to) && r.port() == port && r.protocol().equals(protocol))
                .reduce((a, b) -> b.timeMillis() >= a.timeMillis() ? b : a);
    }
}
