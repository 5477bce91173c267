package dev.weft.node.cni;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.fastpath.CniSocketServer;
import dev.weft.invoke.ProcessExec;
import dev.weft.ipam.cluster.plugin.IpamProvider;
import dev.weft.ipam.hostlocal.IndexedAllocations;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.ReapingKernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * weft's plugins served on a unix socket for the exec shim: one kernel whose retired container
 * devices are deleted in the background, host-local's allocations kept in memory
 * ({@link IndexedAllocations}), one long-lived allocator per datastore for weft-ipam, the catalog
 * wired on them, in-process delegation, and the socket server. Closing it stops serving (calls in
 * flight finish), deletes what was retired and closes the files and datastores the IPAMs opened.
 */
public final class CniService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CniService.class.getName());

    private final ReapingKernel kernel;
    private final IndexedAllocations.Registry hostLocal;
    private final AgentCniHandler handler;
    private final CniSocketServer server;
    private final IpamProvider ipam;

    private CniService(ReapingKernel kernel, IndexedAllocations.Registry hostLocal, AgentCniHandler handler,
                       CniSocketServer server, IpamProvider ipam) {
        this.kernel = kernel;
        this.hostLocal = hostLocal;
        this.handler = handler;
        this.server = server;
        this.ipam = ipam;
    }

    /** Serves on {@code socket} (mode 0600, a stale file replaced); {@code attachments} hears of each change. */
    public static CniService start(Path socket, Attachments attachments) {
        return start(socket, attachments, IpamProvider.shared(java.util.Optional.empty(), java.util.Optional.empty()));
    }

    /** As {@link #start(Path, Attachments)}, weft-ipam allocating through {@code ipam} (closed with the service). */
    public static CniService start(Path socket, Attachments attachments, IpamProvider ipam) {
        return start(socket, attachments, ipam, null);
    }

    /**
     * As {@link #start(Path, Attachments, IpamProvider)}, with {@code weft-dhcp} served by {@code dhcp}
     * (null: by its configured socket).
     */
    public static CniService start(Path socket, Attachments attachments, IpamProvider ipam, LeaseHolder dhcp) {
        return start(socket, attachments, ipam, dhcp, NodeMetrics.unserved());
    }

    /** As {@link #start(Path, Attachments, IpamProvider, LeaseHolder)}, counting calls and host-local's addresses into {@code metrics}. */
    public static CniService start(Path socket, Attachments attachments, IpamProvider ipam, LeaseHolder dhcp,
                                   NodeMetrics metrics) {
        ReapingKernel kernel = new ReapingKernel(new NetlinkKernel());
        IndexedAllocations.Registry hostLocal = new IndexedAllocations.Registry();
        metrics.hostLocalHeld(hostLocal::held);
        AgentCniHandler handler = new AgentCniHandler(new InProcessExec(new ProcessExec(),
                new PluginCatalog(kernel, ipam, hostLocal, dhcp), metrics), attachments, metrics);
        try {
            return new CniService(kernel, hostLocal, handler, CniSocketServer.start(socket, handler), ipam);
        } catch (IOException e) {
            hostLocal.close();
            ipam.close();
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
        ipam.close();
        try {
            kernel.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retired devices were not all deleted", e);
        }
    }
}
