package dev.weft.node.metrics;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code GET /metrics} over Jetty 12, on a unix socket ({@code rw-------}, a stale file replaced)
 * or a TCP address. Anything else is 404 (another path) or 405 (another method). Small on purpose:
 * one acceptor, one selector and a pool of at most four threads, since a scrape every few seconds
 * is the whole load.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

    private final Server server;
    private final MetricsEndpoint endpoint;

    private MetricsServer(Server server, MetricsEndpoint endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Serves {@code metrics} at {@code endpoint}; a TCP port 0 is chosen by the kernel ({@link #endpoint()} tells). */
    public static MetricsServer start(MetricsEndpoint endpoint, NodeMetrics metrics) {
        QueuedThreadPool pool = new QueuedThreadPool(4, 1);
        pool.setName("weft-metrics");
        pool.setReservedThreads(0);
        Server server = new Server(pool);
        switch (endpoint) {
            case MetricsEndpoint.Unix u -> {
                UnixDomainServerConnector c = new UnixDomainServerConnector(server, 1, 1);
                c.setUnixDomainPath(u.socket());
                server.addConnector(c);
            }
            case MetricsEndpoint.Tcp t -> {
                ServerConnector c = new ServerConnector(server, 1, 1);
                c.setHost(t.address().getHostAddress());
                c.setPort(t.port());
                server.addConnector(c);
                if (t.wildcard()) {
                    LOG.log(System.Logger.Level.WARNING, "serving metrics on every interface (" + t + "), as asked");
                }
            }
        }
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"/metrics".equals(Request.getPathInContext(request))) {
                    org.eclipse.jetty.server.Response.writeError(request, response, callback, 404);
                } else if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                    org.eclipse.jetty.server.Response.writeError(request, response, callback, 405);
                } else {
                    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                    try {
                        metrics.write(body);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "metrics scrape failed", e);
                        org.eclipse.jetty.server.Response.writeError(request, response, callback, 500);
                        return true;
                    }
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, NodeMetrics.contentType());
                    response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
                }
                return true;
            }
        });
        try {
            if (endpoint instanceof MetricsEndpoint.Unix u) {
                Files.createDirectories(u.socket().toAbsolutePath().getParent());
                Files.deleteIfExists(u.socket());
            }
            server.start();
            if (endpoint instanceof MetricsEndpoint.Unix u) {
                Files.setPosixFilePermissions(u.socket(), PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            stopQuietly(server);
            throw new UncheckedIOException("cannot serve metrics on " + endpoint, e);
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("cannot serve metrics on " + endpoint + ": " + e.getMessage(), e);
        }
        MetricsEndpoint bound = endpoint instanceof MetricsEndpoint.Tcp t && t.port() == 0
                ? new MetricsEndpoint.Tcp(t.address(), ((ServerConnector) server.getConnectors()[0]).getLocalPort())
                : endpoint;
        LOG.log(System.Logger.Level.INFO, "serving metrics on " + bound);
        return new MetricsServer(server, bound);
    }

    /** Where it serves (with the port the kernel chose). */
    public MetricsEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(server);
        if (endpoint instanceof MetricsEndpoint.Unix u) {
            try {
                Files.deleteIfExists(u.socket());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot remove " + u.socket(), e);
            }
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "metrics server did not stop cleanly", e);
        }
    }
}
