package dev.weft.plugins.net;

import dev.weft.cni.CniException;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A kernel for the long-running agent: a container interface retired at DEL is set down and
 * renamed to {@code wgone<ifindex>} at once (so the pod has no traffic on it and its name is free
 * for a new ADD), and deleted by a background thread. Deleting a veth waits for an RCU grace
 * period in the kernel (about 20 ms here); the DEL caller no longer does. If the agent dies
 * first, the device goes with the pod's namespace. The plugins' executables keep the plain
 * kernel, which deletes at once.
 */
public final class ReapingKernel implements Kernel {
    private static final System.Logger LOG = System.getLogger(ReapingKernel.class.getName());
    static final String TOMBSTONE = "wgone";

    private final Kernel kernel;
    private final ExecutorService reaper;

    public ReapingKernel(Kernel kernel) {
        this(kernel, Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("weft-link-reaper").factory()));
    }

    /** With the executor that deletes (tests hold it back to see the retired state). */
    ReapingKernel(Kernel kernel, ExecutorService reaper) {
        this.kernel = kernel;
        this.reaper = reaper;
    }

    @Override
    public Namespace current() {
        return kernel.current();
    }

    @Override
    public Namespace open(String path) {
        return kernel.open(path);
    }

    @Override
    public void retire(String path, Namespace ns, Link link) {
        String tomb = TOMBSTONE + Integer.toHexString(link.index());
        ns.setDown(link);
        ns.rename(link, tomb);
        reaper.submit(() -> reap(path, tomb));
    }

    private void reap(String path, String name) {
        try (Namespace ns = kernel.open(path)) {
            ns.link(name).ifPresent(ns::delete);
        } catch (CniException gone) {
            // the namespace went first, and took the device with it
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete retired device " + name + " in " + path, e);
        }
    }

    /** Waits until every retired device so far is deleted (tests, and an orderly agent stop). */
    public void drain() throws InterruptedException {
        try {
            reaper.submit(() -> { }).get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the link reaper is stuck", e);
        }
    }
}
