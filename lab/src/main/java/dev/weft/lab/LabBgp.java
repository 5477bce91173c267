package dev.weft.lab;

import dev.weft.bgp.Asn;
import dev.weft.bgp.frr.FrrConfig;
import dev.weft.bgp.frr.FrrRouter;
import dev.weft.net.Cidr;
import dev.weft.netlink.ns.NetNs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the lab does for the {@code bgp} backend, with the same {@code weft} commands a user runs:
 * <ul>
 *   <li>{@code l3}: the router namespace runs FRR (zebra and bgpd, AS {@value #ROUTER_AS}) as the
 *       top-of-rack router, accepting eBGP from any node of either subnet (listen ranges, so nodes
 *       come and go without touching it); the cluster's mesh is off and each node gets one explicit
 *       peer, {@code tor-NODE}, its router address, once it holds a lease. Pods then reach each other
 *       across the router with no encapsulation.</li>
 *   <li>{@code l2}: the node-to-node mesh, or with {@code --route-reflectors R} nodes n1..nR as
 *       reflectors with one cluster id (n1's address), set before the other nodes start, so those
 *       join as clients.</li>
 * </ul>
 * FRR's files (configuration, pid files, sockets, log) are in {@code LAB/router/}; it runs inside the
 * router namespace, so {@code weft lab down} ends it with the namespace's processes even after a
 * crash. Each node's BIRD is under {@code LAB/nodes/NODE/bird/} (the agent's {@code --run-dir}).
 */
final class LabBgp {
    /** The cluster's AS. */
    static final long NODE_AS = 64512;
    /** The top-of-rack router's AS. */
    static final long ROUTER_AS = 65000;

    private final LabLayout layout;
    private final Consumer<String[]> weft;

    /** {@code weft} runs a {@code weft} command inside the fabric namespace, where the datastore is reachable. */
    LabBgp(LabLayout layout, Consumer<String[]> weft) {
        this.layout = layout;
        this.weft = weft;
    }

    /** The extra {@code weft cluster init} arguments. */
    static List<String> initArgs(Topology topology) {
        List<String> out = new ArrayList<>(List.of("--as", Long.toString(NODE_AS)));
        if (topology == Topology.L3) {
            out.addAll(List.of("--mesh", "off"));
        }
        return out;
    }

    /** Starts FRR in the router namespace ({@code l3}). */
    void startRouter() {
        Path dir = routerDir(layout);
        List<FrrConfig.ListenRange> ranges = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            ranges.add(new FrrConfig.ListenRange(Cidr.of(LabLayout.gateway(side), 24), new Asn(NODE_AS)));
        }
        FrrConfig config = new FrrConfig("tor", LabLayout.gateway(0), new Asn(ROUTER_AS), List.of(), ranges, List.of(),
                3, 9, Optional.of(dir.resolve("frr.log")));
        FrrRouter.start(pathspace(layout), dir, Optional.of(NetNs.RUN_NETNS.resolve(layout.routerNs())), config);
    }

    /**
     * Ends the lab's FRR, if it has one, by its pid files (SIGTERM: FRR then removes its crash-log
     * directory under /var/tmp/frr), then removes the empty run directory FRR makes for its
     * pathspace under /var/run/frr. Anything left is ended with the router namespace.
     */
    static void stopRouter(LabLayout layout) {
        Path dir = routerDir(layout);
        for (String daemon : List.of("bgpd", "zebra")) {
            pid(dir.resolve(daemon + ".pid")).filter(pid -> named(pid, daemon)).ifPresent(pid -> {
                LabProcesses.stop(pid, 5000);
                deleteQuietly(Path.of("/var/tmp/frr", daemon + "." + pid)); // left when it had to be killed
            });
        }
        deleteQuietly(Path.of("/var/run/frr", pathspace(layout)));
    }

    private static Optional<Long> pid(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
        } catch (java.io.IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code pid} is (still) {@code daemon}: a pid file may outlive its process, and its pid be reused. */
    private static boolean named(long pid, String daemon) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals(daemon);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                dev.weft.io.FileTrees.delete(dir);
            }
        } catch (java.io.IOException e) {
            // FRR's own leftovers; nothing of the lab's depends on them
        }
    }

    /** Where FRR keeps its files. */
    static Path routerDir(LabLayout layout) {
        return layout.dir().resolve("router");
    }

    /** FRR's pathspace (its instance name), unique per lab on the machine. */
    static String pathspace(LabLayout layout) {
        return "weftlab-" + layout.name();
    }

    /** {@code l3}: node {@code n}'s peer is its router address, added once the node holds a lease. */
    void peerWithRouter(LabState.Node n, Topology topology, long agentPid) {
        if (topology != Topology.L3) {
            return;
        }
        awaitLease(n.name(), agentPid);
        int side = LabLayout.side(n.index(), topology);
        weft.accept(new String[] {"bgp", "peer", "add", torPeer(n.name()), "--peer-ip", LabLayout.gateway(side).toString(),
                "--as", Long.toString(ROUTER_AS), "--node", n.name()});
    }

    /** Makes {@code nodes} route reflectors with one cluster id, once they hold leases. */
    void reflectors(List<LabState.Node> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        nodes.forEach(n -> awaitLease(n.name(), n.agentPid()));
        List<String> args = new ArrayList<>(List.of("bgp", "rr", "add"));
        nodes.forEach(n -> args.add(n.name()));
        args.addAll(List.of("--cluster-id", nodes.getFirst().ip()));
        weft.accept(args.toArray(String[]::new));
    }

    /** Forgets a removed node's router peer ({@code l3}). */
    void forget(String node, Topology topology) {
        if (topology == Topology.L3) {
            weft.accept(new String[] {"bgp", "peer", "del", torPeer(node)});
        }
    }

    static String torPeer(String node) {
        return "tor-" + node;
    }

    /** Waits until the node's agent wrote {@code subnet.env} (it holds its lease); fails early if the agent died. */
    private void awaitLease(String node, long agentPid) {
        Path env = layout.nodeDir(node).resolve("subnet.env");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(env)) {
            if (!LabProcesses.alive(agentPid)) {
                throw new IllegalStateException("the agent of " + node + " exited:\n"
                        + Lab.tail(layout.nodeDir(node).resolve("agent.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " holds no lease after 2 minutes; see "
                        + layout.nodeDir(node).resolve("agent.log"));
            }
            Lab.sleep(50);
        }
    }
}
