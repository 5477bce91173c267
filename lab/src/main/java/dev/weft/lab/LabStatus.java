package dev.weft.lab;

import dev.weft.node.AgentStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code weft lab status}: the lab's nodes with what their agents report, and its pods. */
public final class LabStatus {
    private LabStatus() {
    }

    public static String render(LabLayout layout, LabState s) {
        StringBuilder b = new StringBuilder();
        b.append("lab ").append(s.name()).append(": ").append(s.backend()).append(" on ").append(s.topology())
                .append(", datastore ").append(s.datastore().startsWith("etcd://") ? s.datastore() : "embedded")
                .append(s.etcdPid() > 0 ? (LabProcesses.alive(s.etcdPid()) ? " (up)" : " (DOWN)") : "").append('\n');
        b.append(String.format("%-6s %-16s %-12s %-16s %-6s %s%n", "NODE", "UNDERLAY", "AGENT", "SUBNET", "PEERS", "REFUSED"));
        StringBuilder reasons = new StringBuilder();
        for (LabState.Node n : s.nodes()) {
            Path f = layout.nodeDir(n.name()).resolve("status.json");
            AgentStatus st = Files.exists(f) ? AgentStatus.read(f) : null;
            String agent = LabProcesses.alive(n.agentPid()) ? "up " + n.agentPid() : "DOWN";
            b.append(String.format("%-6s %-16s %-12s %-16s %-6s %s%n", n.name(), n.address(), agent,
                    st == null ? "-" : st.subnet(), st == null ? "-" : st.peers().size(),
                    st == null || st.refused().isEmpty() ? "-" : String.join(",", st.refused().keySet())));
            if (st != null) {
                st.refused().forEach((peer, why) -> reasons.append("  ").append(n.name()).append(" refused ")
                        .append(peer).append(": ").append(why).append('\n'));
            }
        }
        b.append(reasons);
        List<LabState.Pod> pods = LabDocker.withContainers(layout, s);
        if (!pods.isEmpty()) {
            b.append(String.format("%n%-24s %-6s %-16s %s%n", "POD", "NODE", "IP", "LABELS"));
            for (LabState.Pod p : pods) {
                b.append(String.format("%-24s %-6s %-16s %s%n", p.name(), p.node(), p.ip(),
                        p.docker() ? "(Docker container: labels in the datastore)" : p.labels()));
            }
        }
        return b.toString();
    }
}
