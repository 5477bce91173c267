package dev.weft.cli.lab;

import dev.weft.lab.Lab;
import dev.weft.lab.LabDocker;
import dev.weft.lab.LabEnv;
import dev.weft.lab.LabExec;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabPods;
import dev.weft.lab.LabState;
import dev.weft.lab.LabStatus;
import dev.weft.lab.Reachability;
import dev.weft.lab.Scenario;
import dev.weft.lab.Topology;
import dev.weft.lab.Verify;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code weft lab}: multi-node clusters out of network namespaces on this machine (root). */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"A cluster of network namespaces on this machine: fabric, nodes with agents, pods.",
                "The fabric is the underlay; each node runs a weft agent; pods are attached through the weft CNI",
                "plugin. Nothing touches the root namespace."},
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.NodeCmd.class,
                LabCommand.PodCmd.class, LabCommand.Exec.class, LabCommand.MatrixCmd.class, LabCommand.EtcdCmd.class,
                LabCommand.VerifyCmd.class})
public final class LabCommand {

    /** {@code --name}, shared by every lab command. */
    static final class Name {
        @Option(names = "--name", defaultValue = "weft", description = "Lab name (default: weft).")
        String name;

        LabLayout layout() {
            return LabLayout.of(name);
        }

        Lab lab() {
            return new Lab(layout(), LabEnv.current(), System.err);
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Build a lab and wait until its agents converge.")
    static final class Up implements Callable<Integer> {
        @Mixin
        Name name;
        @Option(names = "--nodes", defaultValue = "3")
        int nodes;
        @Option(names = "--backend", defaultValue = "vxlan", description = "vxlan, host-gw, bgp, udp or macvlan (pods on the fabric subnet, l2 only).")
        String backend;
        @Option(names = "--route-reflectors", defaultValue = "0",
                description = "bgp: nodes n1..nR are route reflectors (one cluster id) instead of the full mesh.")
        int routeReflectors;
        @Option(names = "--direct-routing", description = "vxlan: plain routes to peers on the same segment.")
        boolean directRouting;
        @Option(names = "--udp-datapath", description = "udp: simple, batched or offload (default: the best the kernel offers).")
        String udpDatapath;
        @Option(names = "--port", description = "udp: the UDP port (default 8285).")
        Integer port;
        @Option(names = "--topology", defaultValue = "l2", description = "l2 (one segment) or l3 (two subnets and a router).")
        String topology;
        @Option(names = "--datastore", defaultValue = "embedded", description = "embedded or etcd (run in the fabric).")
        String datastore;
        @Option(names = "--pods-per-node", defaultValue = "0", description = "Pods p1..pN to add on every node.")
        int podsPerNode;
        @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait for convergence.")
        int timeout;
        @Option(names = "--ipam", defaultValue = "host-local",
                description = "host-local (each node's subnet), dhcp (dnsmasq in the fabric serves pods on its segment) or "
                        + "pool (host-gw, vxlan, bgp: weft-ipam pool --pool-cidr, its blocks and borrowed addresses routed).")
        String ipam;
        @Option(names = "--pool-cidr", defaultValue = "10.60.0.0/16", description = "--ipam pool: the pool (default ${DEFAULT-VALUE}).")
        String poolCidr;
        @Option(names = "--block-size", defaultValue = "26", description = "--ipam pool: its block prefix length (default ${DEFAULT-VALUE}).")
        int blockSize;

        @Override
        public Integer call() {
            if (!datastore.equals("embedded") && !datastore.equals("etcd")) {
                throw new IllegalArgumentException("--datastore must be embedded or etcd, not \"" + datastore + "\"");
            }
            if (!ipam.equals("host-local") && !ipam.equals("dhcp") && !ipam.equals("pool")) {
                throw new IllegalArgumentException("--ipam must be host-local, dhcp or pool, not \"" + ipam + "\"");
            }
            java.util.List<String> backendOptions = new java.util.ArrayList<>();
            if (udpDatapath != null) {
                backendOptions.addAll(java.util.List.of("--udp-datapath", udpDatapath));
            }
            if (port != null) {
                backendOptions.addAll(java.util.List.of("--port", port.toString()));
            }
            Lab lab = (ipam.equals("dhcp") ? name.lab().withDhcp() : name.lab()).withRouteReflectors(routeReflectors);
            if (ipam.equals("pool")) {
                lab = lab.withBridgePool(dev.weft.net.Cidr.parse(poolCidr), blockSize);
            }
            LabState s = lab.up(nodes, backend, directRouting, backendOptions, Topology.parse(topology), datastore.equals("etcd"),
                    Duration.ofSeconds(timeout));
            LabPods pods = new LabPods(name.layout());
            for (LabState.Node n : s.nodes()) {
                for (int i = 1; i <= podsPerNode; i++) {
                    pods.add(n.name(), n.name() + "-p" + i, Map.of());
                }
            }
            System.out.print(LabStatus.render(name.layout(), LabState.require(name.layout())));
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Remove a lab (also a crashed one), or --all.")
    static final class Down implements Callable<Integer> {
        @Mixin
        Name name;
        @Option(names = "--all", description = "Every lab on this machine.")
        boolean all;

        @Override
        public Integer call() {
            List<String> names = all ? Lab.existing(LabLayout.DEFAULT_ROOT) : List.of(name.name);
            for (String n : names) {
                Lab.down(LabLayout.of(n), System.err);
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Nodes, agents, subnets, peers and pods.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Name name;

        @Override
        public Integer call() {
            System.out.print(LabStatus.render(name.layout(), LabState.require(name.layout())));
            return 0;
        }
    }

    @Command(name = "node", mixinStandardHelpOptions = true, description = "Add, remove or restart a node: node add | del NODE | restart NODE [--kill].")
    static final class NodeCmd implements Callable<Integer> {
        @Mixin
        Name name;
        @Parameters(index = "0", paramLabel = "ACTION", description = "add, del or restart")
        String action;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NODE")
        String node;
        @Option(names = "--kill", description = "restart: SIGKILL the agent instead of stopping it.")
        boolean kill;

        @Override
        public Integer call() {
            Lab lab = name.lab();
            switch (action) {
                case "add" -> System.out.println(lab.addNode(Duration.ofSeconds(120)));
                case "del" -> lab.removeNode(require(node));
                case "restart" -> System.out.println(lab.restartAgent(require(node), kill));
                default -> throw new IllegalArgumentException("node ACTION must be add, del or restart, not \"" + action + "\"");
            }
            return 0;
        }
    }

    @Command(name = "pod", mixinStandardHelpOptions = true, description = "Add or remove a pod, or print its address: pod add NODE POD [--labels k=v,...] | del POD | ip POD.")
    static final class PodCmd implements Callable<Integer> {
        @Mixin
        Name name;
        @Parameters(index = "0", paramLabel = "ACTION", description = "add, del or ip")
        String action;
        @Parameters(index = "1..*", paramLabel = "ARGS")
        List<String> args = List.of();
        @Option(names = "--labels", split = ",", description = "Pod labels, k=v,...")
        Map<String, String> labels = new LinkedHashMap<>();
        @Option(names = "--namespace", description = "The pod's namespace (or give POD as NS/NAME; default: default).")
        String namespace;
        @Option(names = "--ports", split = ",", description = "Named container ports, NAME=PORT/PROTO,...")
        Map<String, String> ports = new LinkedHashMap<>();

        @Override
        public Integer call() {
            LabPods pods = new LabPods(name.layout());
            switch (action) {
                case "add" -> {
                    if (args.size() != 2) {
                        throw new IllegalArgumentException("pod add takes NODE POD");
                    }
                    String pod = namespace != null && !args.get(1).contains("/") ? namespace + "/" + args.get(1) : args.get(1);
                    Map<String, dev.weft.cluster.Inventory.Port> named = new java.util.TreeMap<>();
                    ports.forEach((n, spec) -> named.put(n, dev.weft.cluster.Inventory.Port.parse(spec, "--ports " + n)));
                    LabState.Pod p = pods.add(args.get(0), pod, labels, named);
                    System.out.println(p.name() + " " + p.ip());
                }
                case "del" -> pods.del(require(args.isEmpty() ? null : args.getFirst()));
                case "ip" -> System.out.println(LabState.require(name.layout())
                        .requirePod(require(args.isEmpty() ? null : args.getFirst())).ip());
                default -> throw new IllegalArgumentException("pod ACTION must be add, del or ip, not \"" + action + "\"");
            }
            return 0;
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a node's or pod's namespace.")
    static final class Exec implements Callable<Integer> {
        @Mixin
        Name name;
        @Parameters(index = "0", paramLabel = "NODE|POD")
        String target;
        @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*")
        List<String> cmd;

        @Override
        public Integer call() {
            LabState s = LabState.require(name.layout());
            String ns = s.node(target).map(LabState.Node::netns)
                    .or(() -> LabDocker.withContainers(name.layout(), s).stream()
                            .filter(p -> p.name().equals(target) || p.name().equals("default/" + target))
                            .map(LabState.Pod::netns).findFirst())
                    .orElseThrow(() -> new IllegalArgumentException("lab " + s.name() + " has no node or pod \"" + target + "\""));
            return LabExec.interactive(ns, cmd);
        }
    }

    @Command(name = "matrix", mixinStandardHelpOptions = true,
            description = "Probe every pod pair (Docker containers on weft's driver included) with ping and TCP; exit 1 unless all are reachable.")
    static final class MatrixCmd implements Callable<Integer> {
        @Mixin
        Name name;
        @Option(names = "--port", defaultValue = "7777", description = "TCP port of the probe listeners.")
        int port;

        @Override
        public Integer call() {
            LabState s = LabState.require(name.layout());
            Reachability.Matrix m = Reachability.probe(LabDocker.withContainers(name.layout(), s), port, Duration.ofSeconds(2));
            System.out.print(m.render());
            System.out.println(m.allReachable() ? "all " + m.cells().size() * m.cells().size() + " pairs reachable"
                    : m.failures() + " pairs NOT reachable");
            return m.allReachable() ? 0 : 1;
        }
    }

    @Command(name = "etcd", mixinStandardHelpOptions = true, description = "Restart the lab's etcd: etcd restart [--kill] [--down SECONDS].")
    static final class EtcdCmd implements Callable<Integer> {
        @Mixin
        Name name;
        @Parameters(index = "0", paramLabel = "ACTION", description = "restart")
        String action;
        @Option(names = "--kill")
        boolean kill;
        @Option(names = "--down", defaultValue = "0", description = "Seconds to stay down.")
        int down;

        @Override
        public Integer call() {
            if (!action.equals("restart")) {
                throw new IllegalArgumentException("etcd ACTION must be restart");
            }
            name.lab().restartEtcd(kill, Duration.ofSeconds(down));
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Play policy truth-table scenarios on a lab and compare reachability with the expected matrices.",
                    "The lab is built when missing, then removed; TCP/UDP reachability is observed between every",
                    "pair; exit 1 on any difference."})
    static final class VerifyCmd implements Callable<Integer> {
        @Mixin
        Name name;
        @Parameters(paramLabel = "SCENARIO.yaml", arity = "1..*", description = "Scenario files (or directories of them).")
        List<java.nio.file.Path> files;
        @Option(names = "--nodes", defaultValue = "2", description = "Nodes, when verify builds the lab.")
        int nodes;
        @Option(names = "--backend", defaultValue = "vxlan", description = "Backend, when verify builds the lab.")
        String backend;

        @Override
        public Integer call() throws Exception {
            List<java.nio.file.Path> all = new java.util.ArrayList<>();
            for (java.nio.file.Path f : files) {
                if (java.nio.file.Files.isDirectory(f)) {
                    try (var s = java.nio.file.Files.list(f)) {
                        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
                    }
                } else {
                    all.add(f);
                }
            }
            List<Scenario> scenarios = new java.util.ArrayList<>();
            for (java.nio.file.Path f : all) {
                scenarios.add(Scenario.parse(java.nio.file.Files.readString(f)));
            }
            boolean built = LabState.load(name.layout()).isEmpty();
            if (built) {
                name.lab().up(nodes, backend, Topology.L2, false, Duration.ofSeconds(180));
            }
            int failed = 0;
            try {
                for (Scenario sc : scenarios) {
                    failed += new Verify(name.layout(), System.out).run(sc) == 0 ? 0 : 1;
                }
            } finally {
                if (built) {
                    Lab.down(name.layout(), System.err);
                }
            }
            System.out.println(scenarios.size() - failed + "/" + scenarios.size() + " scenarios passed");
            return failed == 0 ? 0 : 1;
        }
    }

    static String require(String node) {
        if (node == null) {
            throw new IllegalArgumentException("this action needs a NODE or POD argument");
        }
        return node;
    }
}
