package dev.weft.bench.dataplane;

import dev.weft.lab.Lab;
import dev.weft.lab.LabEnv;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabPods;
import dev.weft.lab.LabState;
import dev.weft.lab.Topology;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The labs the modes need, at most one per backend (two nodes each, on one L2 segment; bgp's on
 * two subnets with FRR routing between them), with their pods: two on n1 and one on n2 of the lab
 * network; on the macvlan lab (the cluster backend: weft-macvlan pods with weft-ipam addresses on
 * the segment) one pod per node. {@link #close()} removes every lab it may have started, also
 * half-built ones.
 */
final class Testbed implements AutoCloseable {
    private static final Duration CONVERGE = Duration.ofMinutes(3);

    private final LabEnv env;
    private final PrintStream log;
    private final Set<String> backends = new LinkedHashSet<>();

    Testbed(LabEnv env, PrintStream log) {
        this.env = env;
        this.log = log;
    }

    /** The lab of a mode's {@link Mode#lab()}: {@code dphostgw}, {@code dpvxlan}, {@code dpudpsimple}. */
    static LabLayout layout(String lab) {
        return LabLayout.of("dp" + lab.replace("-", ""));
    }

    /** Removes what a crashed earlier run of the benchmark left behind. */
    static void clean(PrintStream log) {
        java.util.Arrays.stream(Mode.values()).map(Mode::lab).distinct().forEach(b -> Lab.down(layout(b), log));
    }

    /** Brings up the labs {@code modes} need (in parallel) and returns each mode's endpoints. */
    Map<Mode, Endpoints> build(List<Mode> modes) throws Exception {
        modes.forEach(m -> backends.add(m.lab()));
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(backends.size(), 3))) {
            List<Future<Map<Mode, Endpoints>>> labs = new ArrayList<>();
            for (String lab : backends) {
                List<Mode> mine = modes.stream().filter(m -> m.lab().equals(lab)).toList();
                labs.add(pool.submit(() -> lab(lab, mine)));
            }
            Map<Mode, Endpoints> out = new EnumMap<>(Mode.class);
            for (Future<Map<Mode, Endpoints>> f : labs) {
                out.putAll(f.get());
            }
            return out;
        }
    }

    private Map<Mode, Endpoints> lab(String lab, List<Mode> modes) {
        LabLayout layout = layout(lab);
        String backend = modes.getFirst().backend();
        // bgp: n1 and n2 on two subnets, FRR routing between them (the routed underlay is the reference)
        Topology topology = backend.equals("bgp") ? Topology.L3 : Topology.L2;
        LabState s = new Lab(layout, env, log).up(2, backend, false, modes.getFirst().backendOptions(),
                topology, false, CONVERGE);
        LabState.Node n1 = s.requireNode("n1");
        LabState.Node n2 = s.requireNode("n2");
        LabPods pods = new LabPods(layout);
        Map<Mode, Endpoints> out = new EnumMap<>(Mode.class);
        for (Mode m : modes) {
            out.put(m, switch (m) {
                case UNDERLAY, UNDERLAY_ROUTED -> ends(m, n1.netns(), n2.netns(), n2.ip());
                case BRIDGE_SAME_NODE -> {
                    LabState.Pod server = pod(pods, s, "n1", "n1-p1");
                    yield ends(m, pod(pods, s, "n1", "n1-p2").netns(), server.netns(), server.ip());
                }
                case HOST_GW, VXLAN, BGP, MACVLAN, UDP_SIMPLE, UDP_BATCHED, UDP_OFFLOAD -> {
                    LabState.Pod server = pod(pods, s, "n2", "n2-p1");
                    yield ends(m, pod(pods, s, "n1", "n1-p1").netns(), server.netns(), server.ip());
                }
            });
        }
        return out;
    }

    /** The pod, added unless an earlier mode of the same lab already did. */
    private static LabState.Pod pod(LabPods pods, LabState initial, String node, String name) {
        LabLayout layout = LabLayout.of(initial.name());
        return LabState.require(layout).pod(name).orElseGet(() -> pods.add(node, name, Map.of()));
    }

    private static Endpoints ends(Mode m, String client, String server, String ip) {
        return new Endpoints(m, client, server, ip, mtu(server));
    }

    /** The MTU the kernel reports for {@code eth0} in {@code netns}. */
    static int mtu(String netns) {
        try (NetNs ns = NetNs.named(netns); Netlink nl = Netlink.open(ns)) {
            return nl.links().require("eth0").mtu();
        }
    }

    @Override
    public void close() {
        for (String b : backends) {
            try {
                Lab.down(layout(b), log);
            } catch (RuntimeException e) {
                log.println("bench: cannot remove lab " + layout(b).name() + ": " + e.getMessage());
            }
        }
    }
}
