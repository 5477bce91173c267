package dev.weft.cli.cluster;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpStore;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.NodeRemovals;
import dev.weft.net.Cidr;
import dev.weft.node.backend.UdpBackendOptions;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.store.etcd.EtcdDatastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code weft cluster}: the cluster configuration and node subnet leases in the datastore. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Initialise and inspect the cluster (pod network, node subnets) in the datastore.",
        subcommands = {ClusterCommand.Init.class, ClusterCommand.Leases.class, ClusterCommand.RemoveNode.class})
public final class ClusterCommand {

    /** {@code --datastore}: the embedded file (default) or {@code etcd://host:port[,...]}. */
    public static Datastore open(String datastore) {
        if (datastore.startsWith("etcd://")) {
            return EtcdDatastore.fromUrl(datastore);
        }
        return new EmbeddedDatastore(Path.of(datastore.startsWith("file://") ? datastore.substring(7) : datastore));
    }

    public static final String DEFAULT_STORE = "/var/lib/weft/store.json";

    /** The udp backend's options from {@code --port} and {@code --udp-datapath} (either may be null), validated. */
    public static UdpBackendOptions udpOptions(Integer port, String udpDatapath) {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        if (port != null) {
            raw.put(UdpBackendOptions.PORT, port.toString());
        }
        if (udpDatapath != null) {
            raw.put(UdpBackendOptions.DATAPATH, udpDatapath);
        }
        return UdpBackendOptions.of(raw);
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Store the cluster configuration (once).")
    static final class Init implements Callable<Integer> {
        @Option(names = "--network", description = "Pod network, e.g. 10.244.0.0/16 (macvlan: only node "
                + "memberships are leased from it; default 10.244.0.0/16 there).")
        String network;

        @Option(names = "--subnet-len", defaultValue = "24", description = "Node subnet prefix length (default 24).")
        int subnetLen;

        @Option(names = "--backend", defaultValue = "vxlan", description = "vxlan, host-gw, bgp, udp or macvlan (default vxlan).")
        String backend;

        @Option(names = "--as", description = "bgp: the cluster's AS number (default 64512).")
        String as;

        @Option(names = "--mesh", description = "bgp: on (default), an iBGP session between every two nodes; off, "
                + "nodes peer only with explicit peers (weft bgp peer add) and route reflectors.")
        String mesh;

        @Option(names = "--pool", paramLabel = "NAME",
                description = "macvlan: the weft-ipam pool (on the nodes' segment) pods take their addresses from; host-gw, "
                        + "vxlan, bgp: bridge pods take host addresses from this weft-ipam pool instead of the node subnet, "
                        + "its blocks and borrowed addresses routed by the agents (bgp: announced by BIRD).")
        String pool;

        @Option(names = "--port", description = "udp: the UDP port (default 8285, Flannel's).")
        Integer port;

        @Option(names = "--udp-datapath", description = "udp: simple, batched or offload (default: the best each node's kernel offers).")
        String udpDatapath;

        @Option(names = "--direct-routing",
                description = "vxlan: plain routes to peers on the same L2 segment, VXLAN only to the others.")
        boolean directRouting;

        @Option(names = "--datastore", defaultValue = DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            if (directRouting && !backend.equals("vxlan")) {
                throw new IllegalArgumentException("--direct-routing applies to the vxlan backend only");
            }
            java.util.Set<String> known = dev.weft.node.backend.Backends.all().keySet();
            if (!known.contains(backend)) {
                throw new IllegalArgumentException("--backend must be one of " + String.join(", ", known)
                        + ", not \"" + backend + "\"");
            }
            if ((port != null || udpDatapath != null) && !backend.equals("udp")) {
                throw new IllegalArgumentException("--port and --udp-datapath apply to the udp backend only");
            }
            Map<String, String> options = Map.of();
            if (backend.equals("udp")) {
                options = udpOptions(port, udpDatapath).toMap();
            }
            if ((as != null || mesh != null) && !backend.equals("bgp")) {
                throw new IllegalArgumentException("--as and --mesh apply to the bgp backend only");
            }
            boolean underlay = backend.equals("macvlan");
            if (underlay && (pool == null || pool.isBlank())) {
                throw new IllegalArgumentException("--pool is required with --backend macvlan: the weft-ipam pool on "
                        + "the nodes' segment (weft ipam pool add NAME CIDR --gateway ROUTER)");
            }
            boolean routedPool = pool != null && (backend.equals("host-gw") || backend.equals("vxlan") || backend.equals("bgp"));
            if (!underlay && pool != null && !routedPool) {
                throw new IllegalArgumentException("--pool applies to the macvlan, host-gw, vxlan and bgp backends only");
            }
            if (network == null && !underlay) {
                throw new IllegalArgumentException("--network is required (the pod network, e.g. 10.244.0.0/16)");
            }
            Optional<BgpConfig> bgp = backend.equals("bgp") ? Optional.of(BgpInit.parse(as, mesh)) : Optional.empty();
            ClusterConfig wanted = ClusterConfig.of(Cidr.parse(network == null ? "10.244.0.0/16" : network), subnetLen,
                    backend).withDirectRouting(directRouting);
            try (Datastore store = open(datastore)) {
                bgp.ifPresent(b -> BgpInit.checkFree(store, b)); // refused before anything is written
                if (routedPool) {
                    dev.weft.ipam.cluster.Pool p = checkRoutedPool(store, pool, wanted.network());
                    if (backend.equals("bgp") && !p.cidr().isV4()) {
                        throw new IllegalArgumentException("--pool " + pool + ": its CIDR " + p.cidr() + " is IPv6; the bgp"
                                + " backend announces IPv4 only");
                    }
                }
                ClusterConfig c = new SubnetManager(store).init((underlay || routedPool ? wanted.withPool(pool) : wanted)
                        .withBackendOptions(options));
                bgp.ifPresent(b -> {
                    new BgpStore(store).init(b);
                    System.out.println("bgp: as " + b.asn() + ", node-to-node mesh " + (b.mesh() ? "on" : "off"));
                });
                System.out.println("network " + c.network() + ", node subnets /" + c.subnetLength() + " from "
                        + c.subnetMin() + " to " + c.subnetMax() + ", backend " + c.backend()
                        + (c.directRouting() ? " with direct routing" : "") + c.pool().map(p -> ", pods from pool " + p).orElse("")
                        + (c.backendOptions().isEmpty() ? "" : " " + c.backendOptions()));
            }
            return 0;
        }
    }

    /** A routed backend's pod pool must exist and lie outside the node subnets' network (leases stay routed as before). */
    static dev.weft.ipam.cluster.Pool checkRoutedPool(Datastore store, String pool, Cidr network) {
        dev.weft.ipam.cluster.Pool p = new dev.weft.ipam.cluster.PoolAdmin(store).find(pool).orElseThrow(() -> new IllegalArgumentException("--pool "
                        + pool + ": no such pool (weft ipam pool add " + pool + " CIDR first)"));
        if (network.overlaps(p.cidr())) {
            throw new IllegalArgumentException("--pool " + pool + ": its CIDR " + p.cidr() + " overlaps --network " + network
                    + " (the node subnets, still leased and routed); give the pool a range of its own");
        }
        return p;
    }

    @Command(name = "leases", mixinStandardHelpOptions = true, description = "List node subnet leases.")
    static final class Leases implements Callable<Integer> {
        @Option(names = "--datastore", defaultValue = DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            try (Datastore store = open(datastore)) {
                for (SubnetLease l : new SubnetManager(store).leases()) {
                    System.out.println(l.subnet() + "\t" + l.node() + "\t" + l.publicIp() + "\t" + l.backendData());
                }
            }
            return 0;
        }
    }

    @Command(name = "remove-node", mixinStandardHelpOptions = true,
            description = {"Release a removed node's subnet and mark it removed for the cluster IPAM.",
                    "Every peer drops its routes to it; the agents' IPAM GC releases its addresses and returns its blocks at once."})
    static final class RemoveNode implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Option(names = "--datastore", defaultValue = DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
        String datastore;

        @Override
        public Integer call() {
            try (Datastore store = open(datastore)) {
                int n = new SubnetManager(store).releaseNode(node);
                boolean inIpam = IpamSnapshot.read(store).nodes().contains(node);
                if (n > 0 || inIpam) {
                    new NodeRemovals(store).mark(node, System.currentTimeMillis());
                }
                System.err.println("released " + n + " subnet lease(s) of node " + node
                        + (inIpam ? "; marked it removed: its IP addresses are released by the agents' IPAM GC" : ""));
                return n > 0 || inIpam ? 0 : 1;
            }
        }
    }
}
