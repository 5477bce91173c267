package dev.weft.doctor.check;

import dev.weft.cluster.SubnetLease;
import dev.weft.doctor.finding.Finding;
import dev.weft.node.AgentStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's place in the cluster: it holds a lease, and every other lease's subnet is among the
 * peers its agent connected (the status file), or refused with the backend's reason.
 */
public final class PeerCheck {
    private PeerCheck() {
    }

    public static Finding lease(String node, List<SubnetLease> leases, String restart) {
        return leases.stream().filter(l -> l.node().equals(node)).findFirst()
                .map(l -> Finding.ok("node.lease", node + " holds " + l.subnet() + " (" + l.publicIp() + ")"))
                .orElse(Finding.fail("node.lease", node + " holds no subnet lease: it expired or was never taken",
                        "start the agent, which takes (or takes back) its lease (" + restart + ")"));
    }

    public static Finding peers(String node, String backend, List<SubnetLease> leases, Optional<AgentStatus> status) {
        List<SubnetLease> others = leases.stream().filter(l -> !l.node().equals(node)).toList();
        if (others.isEmpty()) {
            return Finding.info("peers.connected", "no other node holds a lease");
        }
        if (status.isEmpty()) {
            return Finding.fail("peers.connected", "unknown: the agent reports no status", "start the agent");
        }
        AgentStatus s = status.get();
        List<String> refused = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        int connected = 0;
        for (SubnetLease l : others) {
            String subnet = l.subnet().toString();
            if (s.peers().contains(subnet)) {
                connected++;
            } else if (s.refused().containsKey(subnet)) {
                refused.add(l.node() + " " + subnet + ": " + s.refused().get(subnet));
            } else {
                pending.add(l.node() + " " + subnet);
            }
        }
        if (!refused.isEmpty() && !backend.equals("bgp")) {
            return Finding.fail("peers.connected", connected + " of " + others.size() + " connected; refused: "
                    + String.join("; ", refused), fixFor(backend));
        }
        if (!refused.isEmpty() || !pending.isEmpty()) {
            List<String> waiting = new ArrayList<>(pending);
            waiting.addAll(refused);
            return Finding.warn("peers.connected", connected + " of " + others.size() + " connected; not yet: "
                    + String.join("; ", waiting), "wait a round (5 s); if it stays, see the agent's log"
                    + (backend.equals("bgp") ? " and weft bgp status" : ""));
        }
        return Finding.ok("peers.connected", "all " + others.size() + " peers connected");
    }

    static String fixFor(String backend) {
        return backend.equals("host-gw")
                ? "host-gw reaches only on-link nodes: use vxlan or bgp for nodes behind a router (see the advice)"
                : "see each reason; the agent retries every round";
    }
}
