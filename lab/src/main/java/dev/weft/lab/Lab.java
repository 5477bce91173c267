package dev.weft.lab;

import dev.weft.node.AgentStatus;
import dev.weft.node.install.AgentAot;
import dev.weft.node.install.Installer;
import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A multi-node cluster on one machine, out of network namespaces: bring it up, grow and shrink
 * it, restart its agents, and take it down again, also after a crash (see {@link LabLayout}).
 */
public final class Lab {
    static final String NETWORK_NAME = "weft-lab";
    /** The weft plugin's data dir under a node's directory (the agent's {@code --cni-data-dir}): its pod records. */
    static final String CNI_DATA_DIR = "cni-weft";
    private static final String ETCD = "/usr/bin/etcd";

    private final LabLayout layout;
    private final LabEnv env;
    private final PrintStream progress;
    private final int routeReflectors;
    private boolean dhcp;
    private dev.weft.net.Cidr bridgePool;
    private int bridgePoolBlockSize;

    public Lab(LabLayout layout, LabEnv env, PrintStream progress) {
        this(layout, env, progress, 0);
    }

    private Lab(LabLayout layout, LabEnv env, PrintStream progress, int routeReflectors) {
        this.layout = layout;
        this.env = env;
        this.progress = progress;
        this.routeReflectors = routeReflectors;
    }

    /** The same lab, built by {@link #up} with nodes n1..n{@code count} as BGP route reflectors (bgp only). */
    public Lab withRouteReflectors(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("--route-reflectors must be 0 or more, not " + count);
        }
        Lab lab = new Lab(layout, env, progress, count);
        lab.dhcp = dhcp;
        lab.bridgePool = bridgePool;
        lab.bridgePoolBlockSize = bridgePoolBlockSize;
        return lab;
    }

    public LabLayout layout() {
        return layout;
    }

    /** For {@link #up}: pod addresses from dnsmasq on the fabric's segment, through weft-dhcp (see {@link LabDhcp}). */
    public Lab withDhcp() {
        this.dhcp = true;
        return this;
    }

    /**
     * For {@link #up} on host-gw, vxlan or bgp: bridge pods take host addresses from weft-ipam pool
     * {@value LabLayout#POOL} on {@code cidr} (blocks of {@code blockSize}, strict affinity off, so a
     * node borrows addresses when no block is free) instead of the node subnets; the agents route
     * the pool's blocks and borrowed addresses.
     */
    public Lab withBridgePool(dev.weft.net.Cidr cidr, int blockSize) {
        if (LabLayout.NETWORK.overlaps(cidr)) {
            throw new IllegalArgumentException("the pod pool " + cidr + " overlaps the node subnets' " + LabLayout.NETWORK);
        }
        this.bridgePool = cidr;
        this.bridgePoolBlockSize = blockSize;
        return this;
    }

    /** Builds the whole lab and waits until every agent has connected (or refused) every peer. */
    public LabState up(int nodes, String backend, Topology topology, boolean etcd, Duration timeout) {
        return up(nodes, backend, false, topology, etcd, timeout);
    }

    /** {@link #up} with vxlan's direct routing on or off. */
    public LabState up(int nodes, String backend, boolean directRouting, Topology topology, boolean etcd,
                       Duration timeout) {
        return up(nodes, backend, directRouting, List.of(), topology, etcd, timeout);
    }

    /**
     * {@link #up} with vxlan's direct routing on or off and the backend's own options for
     * {@code weft cluster init} (e.g. {@code --udp-datapath simple}).
     */
    public LabState up(int nodes, String backend, boolean directRouting, List<String> backendOptions, Topology topology,
                       boolean etcd, Duration timeout) {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (routeReflectors > 0 && (!backend.equals("bgp") || routeReflectors > nodes)) {
            throw new IllegalArgumentException("--route-reflectors " + routeReflectors + ": the bgp backend and at most --nodes");
        }
        boolean underlay = backend.equals("macvlan");
        if (underlay && topology != Topology.L2) {
            throw new IllegalArgumentException("--backend macvlan needs --topology l2: pods live on the nodes' one segment");
        }
        if (LabState.load(layout).isPresent() || !namespaces(layout).isEmpty()) {
            throw new IllegalStateException("lab " + layout.name() + " already exists; `weft lab down --name "
                    + layout.name() + "` removes it");
        }
        try {
            Files.createDirectories(layout.dir());
            new Installer(env.javaHome()).installPlugins(layout.dir().resolve("bin"), env.classpath(),
                    java.util.Optional.empty(), env.shim());
            Underlay.fabric(layout, topology, underlay);
            boolean bgp = backend.equals("bgp");
            if (bgp && topology == Topology.L3) {
                bgp().startRouter();
            }
            if (dhcp) {
                LabDhcp.startServer(layout, nodes);
            }
            long etcdPid = etcd ? startEtcd() : 0;
            String store = etcd ? "etcd://" + LabLayout.FABRIC_IP + ":2379" : layout.dir().resolve("store.json").toString();
            new LabState(layout.name(), backend, topology.text(), store, etcdPid, env.javaHome().toString(), env.classpath(), List.of(), List.of())
                    .save(layout);
            List<String> init = new ArrayList<>(List.of("cluster", "init", "--network", LabLayout.NETWORK.toString(),
                    "--backend", backend, "--datastore", store));
            if (directRouting) {
                init.add("--direct-routing");
            }
            if (bgp) {
                init.addAll(LabBgp.initArgs(topology));
            }
            if (underlay) {
                // with DHCP the pool keeps out of dnsmasq's range too: two allocators never share an address
                String exclude = dhcp ? LabLayout.POOL_EXCLUDE + "," + LabDhcp.FIRST + "-" + LabDhcp.LAST : LabLayout.POOL_EXCLUDE;
                runWeft(layout.fabricNs(), "ipam", "pool", "add", LabLayout.POOL, LabLayout.SEGMENT.toString(),
                        "--block-size", "28", "--exclude", exclude, "--gateway",
                        LabLayout.SEGMENT_ROUTER.toString(), "--datastore", store);
                init.addAll(List.of("--pool", LabLayout.POOL));
            }
            if (bridgePool != null) {
                if (underlay || !(backend.equals("host-gw") || backend.equals("vxlan") || backend.equals("bgp"))) {
                    throw new IllegalArgumentException("a bridge pod pool needs the host-gw, vxlan or bgp backend, not " + backend);
                }
                runWeft(layout.fabricNs(), "ipam", "pool", "add", LabLayout.POOL, bridgePool.toString(), "--block-size",
                        Integer.toString(bridgePoolBlockSize), "--datastore", store);
                init.addAll(List.of("--pool", LabLayout.POOL));
            }
            init.addAll(backendOptions);
            runWeft(layout.fabricNs(), init.toArray(String[]::new));
            progress.println("lab " + layout.name() + ": " + nodes + " nodes, " + backend
                    + (directRouting ? " (direct routing)" : "") + (backendOptions.isEmpty() ? "" : " " + String.join(" ", backendOptions)) + " on " + topology.text()
                    + ", datastore " + (etcd ? store : "embedded") + (dhcp ? ", pod addresses by DHCP" : "")
                    + (bridgePool == null ? "" : ", pods from pool " + bridgePool + " (blocks /" + bridgePoolBlockSize + ")"));
            for (int i = 1; i <= nodes; i++) {
                startNode(i);
                if (bgp && i == routeReflectors) { // the reflectors first, so the others join as their clients
                    bgp().reflectors(LabState.require(layout).nodes());
                }
            }
            if (bgp) {
                LabState.require(layout).nodes().forEach(n -> bgp().peerWithRouter(n, topology, n.agentPid()));
            }
            return awaitConverged(timeout);
        } catch (RuntimeException | IOException e) {
            progress.println("lab " + layout.name() + ": up failed (" + e.getMessage() + "); removing it");
            down(layout, progress);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Adds node n{max+1}; returns its name once every agent has converged. */
    public String addNode(Duration timeout) {
        String node = joinNode();
        awaitConverged(timeout);
        return node;
    }

    /**
     * Adds node n{max+1} and starts its agent without waiting for anything (bgp on l3: until it holds
     * a lease, to give it its router peer); returns its name.
     */
    public String joinNode() {
        LabState s = LabState.require(layout);
        int next = s.nodes().stream().mapToInt(LabState.Node::index).max().orElse(0) + 1;
        startNode(next);
        if (s.backend().equals("bgp")) {
            LabState.Node n = LabState.require(layout).requireNode(LabLayout.nodeName(next));
            bgp().peerWithRouter(n, Topology.parse(s.topology()), n.agentPid());
        }
        return LabLayout.nodeName(next);
    }

    private LabBgp bgp() {
        return new LabBgp(layout, args -> {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--datastore", LabState.require(layout).datastore()));
            runWeft(layout.fabricNs(), all.toArray(String[]::new));
        });
    }

    private void startNode(int i) {
        LabState s = LabState.require(layout);
        String node = LabLayout.nodeName(i);
        String address = Underlay.node(layout, Topology.parse(s.topology()), i);
        if (LabDhcp.enabled(layout) && !s.backend().equals("macvlan")) { // macvlan pods sit on the uplink itself
            LabDhcp.plugNode(layout, node);
        }
        writeCniConfig(node);
        LabState.Node n = new LabState.Node(node, i, address, layout.nodeNs(node), 0);
        long pid = startAgent(s, n);
        LabState.update(layout, st -> st.withNode(new LabState.Node(node, i, address, n.netns(), pid)));
    }

    private long startAgent(LabState s, LabState.Node n) {
        return startAgent(s, n, List.of());
    }

    private long startAgent(LabState s, LabState.Node n, List<String> extra) {
        Path dir = layout.nodeDir(n.name());
        List<String> args = new ArrayList<>(List.of("--node", n.name(), "--public-ip", n.ip(),
                "--datastore", s.datastore(), "--subnet-file", dir.resolve("subnet.env").toString(),
                "--state-file", dir.resolve("subnet").toString(), "--status-file", dir.resolve("status.json").toString(),
                "--resync", "5s", "--cni-socket", cniSocket(layout, n.name()).toString(),
                "--cni-data-dir", dir.resolve(CNI_DATA_DIR).toString(), "--run-dir", dir.toString(),
                "--ipam-data-dir", ipamDataDir(layout, n.name()).toString(), "--dhcp-dir", dir.resolve("dhcp").toString(),
                "--dhcp-socket", LabDhcp.socket(layout, n.name()).toString()));
        args.addAll(extra);
        return LabProcesses.startIn(n.netns(), env.agent(args), dir.resolve("agent.log"));
    }

    /** weft-ipam's dataDir on a node (its agent's --ipam-data-dir): a conflist using weft-ipam in the lab names it. */
    public static Path ipamDataDir(LabLayout layout, String node) {
        return layout.nodeDir(node).resolve("weft-ipam");
    }

    /** Where a node's agent serves CNI calls (each node has its own: they share one filesystem). */
    public static Path cniSocket(LabLayout layout, String node) {
        return layout.nodeDir(node).resolve("cni.sock");
    }

    private void writeCniConfig(String node) {
        Path dir = layout.nodeDir(node);
        try {
            Files.createDirectories(dir.resolve("net.d"));
            boolean dhcp = LabDhcp.enabled(layout);
            if (dhcp && !LabState.require(layout).backend().equals("macvlan")) {
                Files.writeString(dir.resolve("net.d/10-weft.conflist"), LabDhcp.conflist(NETWORK_NAME,
                        LabDhcp.socket(layout, node)));
                return;
            }
            // the underlay backend's pods take DHCP leases through the weft plugin's delegate
            String ipam = dhcp ? "\"delegate\": {\"ipam\": " + LabDhcp.ipam(LabDhcp.socket(layout, node)) + "}"
                    : "\"ipamDataDir\": \"" + dir.resolve("ipam") + "\"";
            Files.writeString(dir.resolve("net.d/10-weft.conflist"), """
                    {"cniVersion": "1.1.0", "name": "%s", "plugins": [
                      {"type": "weft", "subnetFile": "%s", "dataDir": "%s", %s}]}
                    """.formatted(NETWORK_NAME, dir.resolve("subnet.env"), dir.resolve(CNI_DATA_DIR), ipam));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CNI config of " + node, e);
        }
    }

    /** Stops the agent (SIGKILL with {@code kill}, else SIGTERM) and starts it again. */
    public long restartAgent(String node, boolean kill) {
        return restartAgent(node, kill, List.of());
    }

    /** As {@link #restartAgent(String, boolean)}, the agent started with {@code extraArgs} after the lab's own. */
    public long restartAgent(String node, boolean kill, List<String> extraArgs) {
        LabState s = LabState.require(layout);
        LabState.Node n = s.requireNode(node);
        if (kill) {
            LabProcesses.kill(n.agentPid());
        } else {
            LabProcesses.stop(n.agentPid(), 5000);
        }
        long pid = startAgent(s, n, extraArgs);
        LabState.update(layout, st -> st.withNode(new LabState.Node(n.name(), n.index(), n.address(), n.netns(), pid)));
        return pid;
    }

    /** Removes a node: its agent, pods and namespace go, and its subnet is released for every peer to forget. */
    public void removeNode(String node) {
        LabState s = LabState.require(layout);
        LabState.Node n = s.requireNode(node);
        LabProcesses.stop(n.agentPid(), 5000);
        // what else runs there (the bgp backend's BIRD) is stopped cleanly too: BIRD tells its peers
        LabProcesses.inNamespace(n.netns()).parallelStream().forEach(pid -> LabProcesses.stop(pid, 5000));
        for (LabState.Pod p : s.pods()) {
            if (p.node().equals(node)) {
                removeNamespace(p.netns());
            }
        }
        removeNamespace(n.netns());
        runWeft(layout.fabricNs(), "cluster", "remove-node", node, "--datastore", s.datastore());
        if (s.backend().equals("bgp")) {
            bgp().forget(node, Topology.parse(s.topology()));
        }
        LabState.update(layout, st -> st.withoutNode(node));
    }

    /** Stops etcd (SIGKILL with {@code kill}) and starts it again on the same data. */
    public void restartEtcd(boolean kill, Duration down) {
        LabState s = LabState.require(layout);
        if (s.etcdPid() == 0) {
            throw new IllegalStateException("lab " + layout.name() + " does not run etcd (up --datastore etcd)");
        }
        if (kill) {
            LabProcesses.kill(s.etcdPid());
        } else {
            LabProcesses.stop(s.etcdPid(), 5000);
        }
        sleep(down.toMillis());
        long pid = startEtcd();
        LabState.update(layout, st -> st.withEtcdPid(pid));
    }

    private long startEtcd() {
        String client = "http://" + LabLayout.FABRIC_IP + ":2379";
        String peer = "http://127.0.0.1:2380";
        long pid = LabProcesses.startIn(layout.fabricNs(), List.of(ETCD, "--name", "lab", "--data-dir",
                layout.dir().resolve("etcd").toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "lab=" + peer,
                "--log-level", "warn"), layout.dir().resolve("etcd.log"));
        long deadline = System.currentTimeMillis() + 20_000;
        try (NetNs fabric = NetNs.named(layout.fabricNs())) {
            while (!fabric.run(() -> connects(new InetSocketAddress(LabLayout.FABRIC_IP.toInetAddress(), 2379)))) {
                if (!LabProcesses.alive(pid) || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("etcd did not start; see " + layout.dir().resolve("etcd.log"));
                }
                sleep(100);
            }
        }
        return pid;
    }

    private static boolean connects(InetSocketAddress a) {
        try (Socket s = new Socket()) {
            s.connect(a, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until every node's agent reports every other node as connected or refused; fails
     * early, with its log, when an agent died.
     */
    public LabState awaitConverged(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LabState s = LabState.require(layout);
            List<String> pending = new ArrayList<>();
            for (LabState.Node n : s.nodes()) {
                if (!LabProcesses.alive(n.agentPid())) {
                    throw new IllegalStateException("the agent of " + n.name() + " exited:\n" + tail(layout.nodeDir(n.name()).resolve("agent.log")));
                }
                Path f = layout.nodeDir(n.name()).resolve("status.json");
                if (!Files.exists(f)) {
                    pending.add(n.name());
                    continue;
                }
                AgentStatus st = AgentStatus.read(f);
                // bgp refuses no peer for good: a refused one is one whose routes are still coming
                int done = st.peers().size() + (s.backend().equals("bgp") ? 0 : st.refused().size());
                if (done != s.nodes().size() - 1) {
                    pending.add(n.name());
                }
            }
            if (pending.isEmpty()) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("lab " + layout.name() + ": nodes " + pending + " did not converge in " + timeout);
            }
            sleep(100);
        }
    }

    private void runWeft(String netns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(netns), "--"));
        cmd.addAll(env.weft(args));
        LabExec.Result r = LabExec.capture(cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException("weft " + String.join(" ", args) + " failed: " + r.output().strip());
        }
    }

    /** Removes everything of the lab named in {@code layout}, whatever state it is in; returns the namespaces removed. */
    public static int down(LabLayout layout, PrintStream progress) {
        LabState.load(layout).ifPresent(s -> {
            s.nodes().forEach(n -> {
                if (AgentAot.trains(n.agentPid())) {
                    LabProcesses.stop(n.agentPid(), 60_000); // a clean exit writes the agents' AOT cache
                } else {
                    LabProcesses.kill(n.agentPid());
                }
            });
            if (s.etcdPid() > 0) {
                LabProcesses.kill(s.etcdPid());
            }
        });
        LabBgp.stopRouter(layout);
        List<String> names = namespaces(layout);
        for (String ns : names) {
            removeNamespace(ns);
        }
        try {
            dev.weft.io.FileTrees.delete(layout.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + layout.dir(), e);
        }
        progress.println("lab " + layout.name() + ": removed " + names.size() + " namespaces");
        return names.size();
    }

    /** Kills whatever still runs in the namespace, then removes it (its devices go with it). */
    public static void removeNamespace(String ns) {
        LabProcesses.inNamespace(ns).forEach(LabProcesses::kill);
        NetNs.delete(ns);
    }

    /** The lab's namespaces under /run/netns, found by name. */
    public static List<String> namespaces(LabLayout layout) {
        return namespaces(layout.prefix());
    }

    /** The namespaces under /run/netns whose names start with {@code prefix}, sorted. */
    public static List<String> namespaces(String prefix) {
        if (!Files.isDirectory(NetNs.RUN_NETNS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(NetNs.RUN_NETNS)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NetNs.RUN_NETNS, e);
        }
    }

    /** Names of the labs that exist on this machine, from their state or their leftover namespaces. */
    public static List<String> existing(Path root) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    s.map(p -> p.getFileName().toString()).forEach(out::add);
                }
            }
            if (Files.isDirectory(NetNs.RUN_NETNS)) {
                try (Stream<Path> s = Files.list(NetNs.RUN_NETNS)) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("wl-") && n.indexOf('-', 3) > 3)
                            .map(n -> n.substring(3, n.indexOf('-', 3))).forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
