package dev.weft.bgp.testing;

import dev.weft.bgp.BgpStore;
import dev.weft.bgp.bird.ApplyResult;
import dev.weft.bgp.bird.BirdConfig;
import dev.weft.bgp.speaker.BgpSpeaker;
import dev.weft.bgp.speaker.NodeInputs;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Await;
import dev.weft.testkit.Fabric;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BGP cluster made of namespaces for root tests: the testkit's {@link Fabric} (a bridge in a
 * fabric namespace, a router namespace for two subnets), one namespace per node with {@code eth0} on it, a datastore (embedded, in the test's directory) holding
 * the cluster configuration, a subnet lease per node and the BGP settings, and per node a
 * {@link BgpSpeaker} running BIRD inside the node's namespace with its files under the test's
 * directory. {@link #close()} stops every BIRD (call it from {@code @AfterEach}, before the
 * namespaces go).
 */
public final class BgpLab implements AutoCloseable {
    /** Long enough for sessions to come up (connect retry 5 s) a few times over. */
    public static final Duration CONVERGE = Duration.ofSeconds(40);

    /** A node of the lab. */
    public record Node(String name, String netns, IpAddress address, Cidr subnet, BgpSpeaker speaker) {
    }

    private final Path dir;
    private final Fabric fabric;
    private final Datastore store;
    public final SubnetManager subnets;
    public final BgpStore bgp;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private Optional<Cidr> nodeRange = Optional.empty();

    public BgpLab(Netns netns, Path dir) {
        this.dir = dir;
        this.fabric = new Fabric(netns);
        this.store = new EmbeddedDatastore(dir.resolve("store.json"));
        this.subnets = new SubnetManager(store);
        subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "bgp"));
        this.bgp = new BgpStore(store);
    }

    /** Nodes made from now on accept node sessions from {@code range} (dynamic BGP), as the agent's uplink network. */
    public BgpLab withNodeRange(Cidr range) {
        this.nodeRange = Optional.of(range);
        return this;
    }

    /**
     * A node: namespace, {@code eth0} at {@code address} (with prefix) on the fabric, a default route
     * via {@code gateway} if given, subnet 10.244.{@code subnet}.0/24 leased to it, and its speaker.
     */
    public Node node(String name, String address, int subnet, Optional<String> gateway) {
        String ns = fabric.node(name, address);
        gateway.ifPresent(gw -> Proc.sh("ip", "-n", ns, "route", "add", "default", "via", gw));
        Cidr cidr = Cidr.parse("10.244." + subnet + ".0/24");
        subnets.reserve(cidr, name);
        IpAddress addr = IpAddress.parse(address.substring(0, address.indexOf('/')));
        subnets.acquire(name, addr, Map.of(), Optional.empty());
        BgpSpeaker speaker = BgpSpeaker.open(name, dir.resolve(name), Optional.of(Path.of(Netns.path(ns))), nodeRange);
        Node n = new Node(name, ns, addr, cidr, speaker);
        nodes.put(name, n);
        return n;
    }

    /** The testkit's fabric: one bridge, and a router namespace for two subnets on it. */
    public Fabric fabric() {
        return fabric;
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Runs {@code ensure} on {@code node} with the cluster as the datastore has it now. */
    public ApplyResult ensure(Node node) {
        return node.speaker().ensure(NodeInputs.read(subnets, bgp, node.name()).orElseThrow());
    }

    public void ensureAll() {
        nodes.values().forEach(this::ensure);
    }

    /** The kernel routes weft's BIRD installed in {@code ns}: proto bird and weft's metric, one line each. */
    public static List<String> birdRoutes(String ns) {
        return Arrays.stream(Proc.run("ip", "-n", ns, "route", "show").check().out().split("\n"))
                .filter(l -> l.contains(" proto bird ")).map(String::strip).toList();
    }

    /** The route for {@code prefix} on {@code node} installed by BIRD, if any. */
    public static Optional<String> route(Node node, String prefix) {
        return birdRoutes(node.netns()).stream().filter(l -> l.startsWith(prefix + " ")).findFirst();
    }

    /** Waits until {@code on} routes {@code prefix} via {@code via} with weft's mark. */
    public static void awaitRoute(Node on, String prefix, String via) {
        Await.until(CONVERGE, () -> route(on, prefix).filter(r -> r.contains("via " + via + " ")
                && r.contains("metric " + BirdConfig.ROUTE_METRIC)).isPresent(),
                on.name() + " routes " + prefix + " via " + via + "; it has " + birdRoutes(on.netns()));
    }

    /** Waits until every node routes every other node's subnet via that node's address. */
    public void awaitMesh() {
        for (Node on : nodes.values()) {
            for (Node to : nodes.values()) {
                if (on != to) {
                    awaitRoute(on, to.subnet().toString(), to.address().toString());
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Stops every BIRD (SIGTERM, waited for), then the datastore. */
    @Override
    public void close() {
        for (Node n : nodes.values()) {
            try {
                n.speaker().withdraw();
            } catch (RuntimeException e) {
                System.err.println("stopping BIRD of " + n.name() + ": " + e);
            }
        }
        store.close();
    }
}
