package dev.weft.cnm.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The plugin socket: Jetty 12 on a unix-domain connector, POST only, bodies up to 1 MiB, every
 * request handed to {@link Routes}. The socket is made {@code rw-------} (Docker runs as root).
 */
public final class CnmServer implements AutoCloseable {
    static final long MAX_BODY = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Server server;
    private final Path socket;

    private CnmServer(Server server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /** Serves {@code routes} on {@code socket} (a stale socket file there is replaced). */
    public static CnmServer start(Path socket, Routes routes) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("weft-cnm");
        Server server = new Server(pool);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server,
                new BlankHostConnectionFactory(new org.eclipse.jetty.server.HttpConfiguration()));
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY, -1);
        limit.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Routes.Reply reply;
                if (!"POST".equals(request.getMethod())) {
                    reply = new Routes.Reply(405, JSON.createObjectNode().put("Err", "weft: POST only"));
                } else {
                    ByteBuffer body = Content.Source.asByteBuffer(request);
                    byte[] bytes = new byte[body.remaining()];
                    body.get(bytes);
                    reply = routes.serve(request.getHttpURI().getPath(), bytes);
                }
                response.setStatus(reply.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, Routes.CONTENT_TYPE);
                response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(reply.body())), callback);
                return true;
            }
        });
        server.setHandler(limit);
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve on " + socket, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve on " + socket + ": " + e.getMessage(), e);
        }
        return new CnmServer(server, socket);
    }

    public Path socket() {
        return socket;
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
            Files.deleteIfExists(socket);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the CNM server: " + e.getMessage(), e);
        }
    }
}
