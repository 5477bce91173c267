package dev.weft.netlink.ns;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads that run tasks inside other network namespaces, the way the reference
 * plugins' {@code ns.Do} does with a locked OS thread: enter the namespace, run the task, go back
 * to the process's namespace (that of its main thread). A worker that cannot go back dies rather
 * than run anything else, so no code ever runs in a namespace it did not ask for; and no worker
 * idles inside a namespace, which would keep a deleted one (and its devices) alive.
 *
 * <p>Starting a thread costs 0.3–0.8 ms on a small VM, several times the work of a typical task
 * (open a netlink socket, write a sysctl), so workers are kept for a while and reused.
 */
final class NsWorkers {
    private static final System.Logger LOG = System.getLogger(NsWorkers.class.getName());
    private static final int MAX_WORKERS = 32;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = Thread.ofPlatform().daemon().name("weft-netns-" + NAMES.incrementAndGet()).unstarted(r);
                t.setUncaughtExceptionHandler((th, e) -> LOG.log(System.Logger.Level.ERROR, th.getName() + " ended", e));
                return t;
            });

    private NsWorkers() {
    }

    /** The process's own namespace, where every worker returns after each task. */
    private static final class Home {
        static final int FD = Libc.open("/proc/self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
    }

    /** Runs {@code task} on a worker inside the namespace open at {@code nsFd}, waiting for its value. */
    static <T> T call(int nsFd, Callable<T> task) {
        return await(submit(nsFd, task));
    }

    /**
     * Starts {@code task} on a worker inside the namespace open at {@code nsFd}; its value or
     * failure comes in the future. Keep {@code nsFd} open until the future is done: the worker
     * enters the namespace through it.
     */
    static <T> CompletableFuture<T> submit(int nsFd, Callable<T> task) {
        int home = Home.FD;
        CompletableFuture<T> done = new CompletableFuture<>();
        Runnable inside = () -> {
            try {
                Libc.setns(nsFd, Libc.CLONE_NEWNET);
            } catch (Throwable e) {
                done.completeExceptionally(e); // still at home: nothing to undo
                return;
            }
            try {
                done.complete(task.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                goHomeOrDie(home);
            }
        };
        try {
            POOL.execute(inside);
        } catch (RejectedExecutionException busy) {
            Thread.ofPlatform().daemon().name("weft-netns-extra").start(inside); // all workers busy
        }
        return done;
    }

    private static void goHomeOrDie(int home) {
        try {
            Libc.setns(home, Libc.CLONE_NEWNET);
        } catch (RuntimeException e) {
            // Thrown out of the task, this ends the worker thread; the pool starts a fresh one.
            throw new IllegalStateException("cannot return to the process's network namespace; worker retired", e);
        }
    }

    static <T> T await(CompletableFuture<T> done) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a netns task", e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /**
     * A task's failure as {@link NetNs#run}'s caller sees it, wherever the task ran: a syscall's
     * as a {@link NetlinkException}, other unchecked ones as they are, errors rethrown, checked
     * ones wrapped.
     */
    static RuntimeException unchecked(Throwable f) {
        if (f instanceof SyscallException se) {
            return NetlinkException.of(se);
        }
        if (f instanceof RuntimeException re) {
            return re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(f);
    }
}
