package dev.weft.node.cni;

import dev.weft.fastpath.CniSocketServer;
import dev.weft.invoke.ProcessExec;
import dev.weft.ipam.hostlocal.IndexedAllocations;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * weft's plugins served on a unix socket for the exec shim: one kernel whose retired container
 * devices are deleted in the background, host-local's allocations kept in memory
 * ({@link IndexedAllocations}), the catalog wired on both, in-process delegation, and the
 * socket server. Closing it stops serving (calls in flight finish) and deletes what was retired.
 */
public final class CniService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CniService.class.getName());

    private final ReapingKernel kernel;
    private final IndexedAllocations.Registry hostLocal;
    private final AgentCniHandler handler;
    private final CniSocketServer server;

    private CniService(ReapingKernel kernel, IndexedAllocations.Registry hostLocal, AgentCniHandler handler,
                       CniSocketServer server) {
        this.kernel = kernel;
        this.hostLocal = hostLocal;
        this.handler = handler;
        this.server = server;
    }

    /** Serves on {@code socket} (mode 0600, a stale file replaced); {@code attachments} hears of each change. */
    public static CniService start(Path socket, Attachments attachments) {
        ReapingKernel kernel = new ReapingKernel(new NetlinkKernel());
        IndexedAllocations.Registry hostLocal = new IndexedAllocations.Registry();
        AgentCniHandler handler = new AgentCniHandler(
                new InProcessExec(new ProcessExec(), new PluginCatalog(kernel, hostLocal)), attachments);
        try {
            return new CniService(kernel, hostLocal, handler, CniSocketServer.start(socket, handler));
        } catch (IOException e) {
            hostLocal.close();
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
        hostLocal.close();
        try {
            kernel.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retired devices were not all deleted", e);
        }
    }
}
