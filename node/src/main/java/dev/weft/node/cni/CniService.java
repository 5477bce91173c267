package dev.weft.node.cni;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.fastpath.CniSocketServer;
import dev.weft.invoke.ProcessExec;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * weft's plugins served on a unix socket for the exec shim: one kernel whose retired container
 * devices are deleted in the background, the catalog wired on it, in-process delegation, and the
 * socket server. Closing it stops serving (calls in flight finish) and deletes what was retired.
 */
public final class CniService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CniService.class.getName());

    private final ReapingKernel kernel;
    private final AgentCniHandler handler;
    private final CniSocketServer server;

    private CniService(ReapingKernel kernel, AgentCniHandler handler, CniSocketServer server) {
        this.kernel = kernel;
        this.handler = handler;
        this.server = server;
    }

    /** Serves on {@code socket} (mode 0600, a stale file replaced); {@code attachments} hears of each change. */
    public static CniService start(Path socket, Attachments attachments) {
        return start(socket, attachments, null);
    }

    /** As {@link #start(Path, Attachments)}, with {@code weft-dhcp} served by {@code dhcp} (null: by its configured socket). */
    public static CniService start(Path socket, Attachments attachments, LeaseHolder dhcp) {
        ReapingKernel kernel = new ReapingKernel(new NetlinkKernel());
        AgentCniHandler handler = new AgentCniHandler(
                new InProcessExec(new ProcessExec(), new PluginCatalog(kernel, dhcp)), attachments);
        try {
            return new CniService(kernel, handler, CniSocketServer.start(socket, handler));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve CNI on " + socket, e);
        }
    }

    public Path socket() {
        return server.socket();
    }

    /** Requests served so far. */
    public long served() {
        return handler.served();
    }

    @Override
    public void close() {
        server.close();
        try {
            kernel.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retired devices were not all deleted", e);
        }
    }
}
