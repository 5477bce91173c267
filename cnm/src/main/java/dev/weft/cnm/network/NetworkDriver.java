package dev.weft.cnm.network;

import dev.weft.cnm.state.CnmConfig;
import dev.weft.cnm.state.CnmState;
import dev.weft.cnm.state.EndpointRecord;
import dev.weft.cnm.state.NetworkRecord;
import dev.weft.cnm.state.NodeSubnet;
import dev.weft.cnm.wire.Body;
import dev.weft.cnm.wire.CnmException;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.SubnetEnv;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * libnetwork's remote network driver (see the package notes): networks are bridges, endpoints
 * veth pairs made by weft-bridge through {@link Plumbing}. Every method takes the request body and
 * returns the response body; refusals are {@link CnmException}s. Deletions of unknown IDs succeed
 * (they are idempotent, as CNI's DEL is); creations on unknown IDs fail.
 */
public final class NetworkDriver {
    private static final System.Logger LOG = System.getLogger(NetworkDriver.class.getName());
    /** Where {@code docker network create -o KEY=VALUE} options arrive. */
    public static final String GENERIC = "com.docker.network.generic";
    static final Set<String> OPTIONS = Set.of("plugin", "mtu", "ipmasq", "bridge");
    static final String DST_PREFIX = "eth";

    private final CnmConfig config;
    private final CnmState state;
    private final Plumbing plumbing;
    private volatile EndpointEvents events = EndpointEvents.NONE;

    public NetworkDriver(CnmConfig config, CnmState state, Plumbing plumbing) {
        this.config = config;
        this.state = state;
        this.plumbing = plumbing;
    }

    /**
     * Who hears of joins and deletions from now on. Set once the publisher exists (it reads the
     * endpoints through the same lock, so it is made after the drivers).
     */
    public void tell(EndpointEvents listener) {
        this.events = listener;
    }

    public ObjectNode capabilities(Body req) {
        return Body.JSON.createObjectNode().put("Scope", "local").put("ConnectivityScope", "local");
    }

    public ObjectNode createNetwork(Body req) {
        String id = networkId(req);
        Body v4 = req.first("IPv4Data").orElseThrow(() -> CnmException.malformed("field \"IPv4Data\" needs one pool"));
        Cidr pool = v4.parsed("Pool", Cidr::parse).orElseThrow(() -> CnmException.malformed("field \"IPv4Data[0].Pool\" is required"));
        IpAddress gateway = v4.parsed("Gateway", IpAddress::parseIgnoringPrefix)
                .orElseThrow(() -> CnmException.malformed("field \"IPv4Data[0].Gateway\" is required"));
        if (!pool.contains(gateway)) {
            throw CnmException.malformed("field \"IPv4Data[0].Gateway\": " + gateway + " is outside " + pool);
        }
        Map<String, String> options = generic(req);
        NetworkRecord net = network(id, pool, gateway, options);
        Optional<NetworkRecord> existing = state.network(id);
        if (existing.isPresent() && !existing.get().equals(net)) {
            throw CnmException.failed("network " + id + " exists with other settings");
        }
        state.put(net);
        return Body.JSON.createObjectNode();
    }

    private NetworkRecord network(String id, Cidr pool, IpAddress gateway, Map<String, String> o) {
        for (String k : o.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw CnmException.failed("unknown network option \"" + k + "\" (known: " + OPTIONS + ")");
            }
        }
        String plugin = o.getOrDefault("plugin", "bridge");
        if (!plugin.equals("bridge")) {
            throw CnmException.failed("option \"plugin\": only \"bridge\" is supported, not \"" + plugin + "\"");
        }
        Optional<SubnetEnv> node;
        try {
            node = NodeSubnet.read(config).filter(s -> s.subnet().network().equals(pool));
        } catch (IllegalStateException e) {
            throw CnmException.failed(e.getMessage(), e);
        }
        String bridge = o.getOrDefault("bridge", node.isPresent() ? config.nodeBridge() : "wd-" + id.substring(0, Math.min(10, id.length())));
        if (bridge.isEmpty() || bridge.length() > 15 || bridge.contains("/")) {
            throw CnmException.failed("option \"bridge\": \"" + bridge + "\" is not an interface name");
        }
        int mtu = integer(o, "mtu", node.map(SubnetEnv::mtu).orElse(0));
        boolean ipMasq = bool(o, "ipmasq", node.map(SubnetEnv::ipMasq).orElse(false));
        try {
            return new NetworkRecord(id, bridge, pool, gateway, ipMasq, node.map(SubnetEnv::network).orElse(pool), mtu);
        } catch (IllegalArgumentException e) {
            throw CnmException.failed("option " + e.getMessage(), e);
        }
    }

    public ObjectNode deleteNetwork(Body req) {
        String id = req.required("NetworkID");
        Optional<NetworkRecord> net = state.network(id);
        if (net.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "DeleteNetwork of unknown network {0}: nothing to do", id);
            return Body.JSON.createObjectNode();
        }
        for (EndpointRecord e : state.endpointsOf(id)) { // Docker forgot them: collect
            plumbing.unplug(net.get(), e);
            state.removeEndpoint(e.id());
        }
        plumbing.removeNetwork(net.get());
        state.removeNetwork(id);
        return Body.JSON.createObjectNode();
    }

    public ObjectNode createEndpoint(Body req) {
        NetworkRecord net = network(req);
        String eid = endpointId(req);
        Body iface = req.object("Interface");
        InterfaceAddress address = iface.parsed("Address", InterfaceAddress::parse)
                .orElseThrow(() -> CnmException.failed("endpoint " + eid + " has no IPv4 address: use --ipam-driver weft"
                        + " (or another IPAM) on network " + net.id()));
        if (!net.pool().contains(address.address())) {
            throw CnmException.failed("address " + address + " is outside the network's pool " + net.pool());
        }
        Optional<EndpointRecord> existing = state.endpoint(eid);
        if (existing.isPresent()) {
            if (existing.get().networkId().equals(net.id()) && existing.get().address().equals(address)) {
                return Body.JSON.createObjectNode(); // a retry: the devices are there
            }
            throw CnmException.failed("endpoint " + eid + " exists with other settings");
        }
        Plumbing.Plumbed p = plumbing.plug(net, eid, address);
        state.put(new EndpointRecord(eid, net.id(), address, p.srcName(), p.hostVeth()));
        return Body.JSON.createObjectNode();
    }

    public ObjectNode endpointOperInfo(Body req) {
        EndpointRecord e = endpoint(req);
        ObjectNode out = Body.JSON.createObjectNode();
        out.putObject("Value").put("address", e.address().toString()).put("srcName", e.srcName())
                .put("hostVeth", e.hostVeth());
        return out;
    }

    public ObjectNode deleteEndpoint(Body req) {
        String nid = req.required("NetworkID");
        String eid = endpointId(req);
        Optional<EndpointRecord> e = state.endpoint(eid);
        if (e.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "DeleteEndpoint of unknown endpoint {0}: nothing to do", eid);
            return Body.JSON.createObjectNode();
        }
        if (!e.get().networkId().equals(nid)) {
            throw CnmException.failed("endpoint " + eid + " is not on network " + nid);
        }
        state.network(nid).ifPresent(net -> plumbing.unplug(net, e.get()));
        state.removeEndpoint(eid);
        events.deleted(e.get());
        return Body.JSON.createObjectNode();
    }

    public ObjectNode join(Body req) {
        EndpointRecord e = endpoint(req);
        Path key = sandboxKey(req.required("SandboxKey"));
        NetworkRecord net = network(req);
        if (!e.sandboxKey().equals(Optional.of(key))) {
            e = e.joined(key);
            state.put(e);
        }
        events.joined(e);
        ObjectNode out = Body.JSON.createObjectNode();
        out.putObject("InterfaceName").put("SrcName", e.srcName()).put("DstPrefix", DST_PREFIX);
        out.put("Gateway", net.gateway().toString());
        out.putArray("StaticRoutes");
        out.put("DisableGatewayService", false);
        return out;
    }

    public ObjectNode leave(Body req) {
        endpointId(req);
        return Body.JSON.createObjectNode(); // Docker moves the device back to the host itself
    }

    /** ProgramExternalConnectivity, RevokeExternalConnectivity, DiscoverNew, DiscoverDelete: nothing to do. */
    public ObjectNode nothing(Body req) {
        return Body.JSON.createObjectNode();
    }

    /** libnetwork's sandbox key: the path of the sandbox's network namespace. */
    private static Path sandboxKey(String key) {
        Path p;
        try {
            p = Path.of(key);
        } catch (java.nio.file.InvalidPathException ex) {
            throw CnmException.malformed("field \"SandboxKey\": \"" + key + "\" is not a path");
        }
        if (!p.isAbsolute() || !p.normalize().equals(p)) {
            throw CnmException.malformed("field \"SandboxKey\": \"" + key + "\" is not an absolute, normal path");
        }
        return p;
    }

    private NetworkRecord network(Body req) {
        String id = req.required("NetworkID");
        return state.network(id).orElseThrow(() -> CnmException.failed("unknown network \"" + id + "\""));
    }

    private EndpointRecord endpoint(Body req) {
        String nid = req.required("NetworkID");
        String eid = endpointId(req);
        EndpointRecord e = state.endpoint(eid).orElseThrow(() -> CnmException.failed("unknown endpoint \"" + eid + "\""));
        if (!e.networkId().equals(nid)) {
            throw CnmException.failed("endpoint " + eid + " is not on network " + nid);
        }
        return e;
    }

    /** Docker's IDs are 64 hex digits; anything else would reach device and netns names. */
    private static String endpointId(Body req) {
        String eid = req.required("EndpointID");
        if (!eid.matches("[0-9a-f]{12,64}")) {
            throw CnmException.malformed("field \"EndpointID\" must be 12 to 64 lower-case hex digits");
        }
        return eid;
    }

    /** Docker's network IDs are 64 hex digits; the bridge's name is made from one. */
    private static String networkId(Body req) {
        String id = req.required("NetworkID");
        if (!id.matches("[0-9a-f]{12,64}")) {
            throw CnmException.malformed("field \"NetworkID\" must be 12 to 64 lower-case hex digits");
        }
        return id;
    }

    private static Map<String, String> generic(Body req) {
        Body options = req.object("Options");
        return options.strings(GENERIC);
    }

    private static int integer(Map<String, String> o, String key, int dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw CnmException.failed("option \"" + key + "\" must be a number, not \"" + v + "\"");
        }
    }

    private static boolean bool(Map<String, String> o, String key, boolean dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CnmException.failed("option \"" + key + "\" must be true or false, not \"" + v + "\"");
        };
    }
}
