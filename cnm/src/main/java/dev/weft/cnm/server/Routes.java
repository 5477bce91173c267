package dev.weft.cnm.server;

import dev.weft.cnm.ipam.IpamDriver;
import dev.weft.cnm.network.NetworkDriver;
import dev.weft.cnm.wire.Body;
import dev.weft.cnm.wire.CnmException;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The protocol without HTTP: a URL path and a body in, a status and a body out. Every call runs
 * under one lock (the drivers share one state). The error key is {@code Err} for the handshake and
 * the network driver, {@code Error} for the IPAM driver, as libnetwork decodes them.
 */
public final class Routes {
    private static final System.Logger LOG = System.getLogger(Routes.class.getName());
    public static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1.2+json";

    /** An answer: HTTP status and JSON body. */
    public record Reply(int status, ObjectNode body) {
    }

    private record Route(String errorKey, Function<Body, ObjectNode> call) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Object lock = new Object();

    public Routes(NetworkDriver network, IpamDriver ipam) {
        net("/Plugin.Activate", b -> {
            ObjectNode o = Body.JSON.createObjectNode();
            o.putArray("Implements").add("NetworkDriver").add("IpamDriver");
            return o;
        });
        net("/NetworkDriver.GetCapabilities", network::capabilities);
        net("/NetworkDriver.CreateNetwork", network::createNetwork);
        net("/NetworkDriver.DeleteNetwork", network::deleteNetwork);
        net("/NetworkDriver.CreateEndpoint", network::createEndpoint);
        net("/NetworkDriver.EndpointOperInfo", network::endpointOperInfo);
        net("/NetworkDriver.DeleteEndpoint", network::deleteEndpoint);
        net("/NetworkDriver.Join", network::join);
        net("/NetworkDriver.Leave", network::leave);
        net("/NetworkDriver.ProgramExternalConnectivity", network::nothing);
        net("/NetworkDriver.RevokeExternalConnectivity", network::nothing);
        net("/NetworkDriver.DiscoverNew", network::nothing);
        net("/NetworkDriver.DiscoverDelete", network::nothing);
        ipam("/IpamDriver.GetCapabilities", ipam::capabilities);
        ipam("/IpamDriver.GetDefaultAddressSpaces", ipam::defaultAddressSpaces);
        ipam("/IpamDriver.RequestPool", ipam::requestPool);
        ipam("/IpamDriver.ReleasePool", ipam::releasePool);
        ipam("/IpamDriver.RequestAddress", ipam::requestAddress);
        ipam("/IpamDriver.ReleaseAddress", ipam::releaseAddress);
    }

    private void net(String path, Function<Body, ObjectNode> f) {
        routes.put(path, new Route("Err", f));
    }

    private void ipam(String path, Function<Body, ObjectNode> f) {
        routes.put(path, new Route("Error", f));
    }

    /** Runs {@code read} under the drivers' lock: how another thread reads their state. */
    public <T> T locked(java.util.function.Supplier<T> read) {
        synchronized (lock) {
            return read.get();
        }
    }

    /** Serves one request; an unknown path is 404, as libnetwork expects of a method not implemented. */
    public Reply serve(String path, byte[] body) {
        Optional<Route> r = Optional.ofNullable(routes.get(path));
        if (r.isEmpty()) {
            return new Reply(404, Body.JSON.createObjectNode().put("Err", "weft: no method " + path));
        }
        try {
            Body b = Body.parse(body);
            synchronized (lock) {
                return new Reply(200, r.get().call().apply(b));
            }
        } catch (CnmException e) {
            LOG.log(System.Logger.Level.INFO, "{0} refused: {1}", path, e.getMessage());
            return new Reply(e.malformed() ? 400 : 500, Body.JSON.createObjectNode().put(r.get().errorKey(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, path + " failed", e);
            return new Reply(500, Body.JSON.createObjectNode().put(r.get().errorKey(),
                    "weft: " + path + " failed: " + e));
        }
    }
}
