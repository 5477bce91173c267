package dev.weft.node.cni;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.fastpath.CniHandler;
import dev.weft.fastpath.CniRequest;
import dev.weft.fastpath.CniResponse;
import dev.weft.cni.json.ErrorCodec;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.Plugin;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's side of the fast path: a request forwarded by the exec shim runs the named plugin's
 * dispatcher in this JVM, with the caller's CNI variables and stdin, and the plugin's exit code,
 * stdout and stderr go back exactly as the executable would have produced them. Requests run
 * concurrently (the server serves each on a thread of its own); plugins share no mutable state, and
 * IPAM serialises its claims with its file lock, which also holds within one JVM.
 */
public final class AgentCniHandler implements CniHandler {
    private static final System.Logger LOG = System.getLogger(AgentCniHandler.class.getName());

    private final InProcessExec exec;
    private final Attachments attachments;
    private final AtomicLong served = new AtomicLong();
    private final NodeMetrics metrics;
    /** The call this thread just ran, logged once its answer is out ({@link #answered}): formatting included. */
    private final ThreadLocal<Served> lastCall = new ThreadLocal<>();

    /** What the log line of one call says. */
    private record Served(String command, String plugin, String containerId, int exit, long micros, long n) {
        String line() {
            return "cni " + command + " " + plugin + " " + containerId + " exit " + exit + " in "
                    + String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0) + " ms (#" + n + ")";
        }
    }

    /**
     * {@code attachments} hears of every successful ADD and DEL before the caller gets its answer,
     * so the agent can enforce policy for a pod the weft plugin just recorded before it answers.
     */
    public AgentCniHandler(InProcessExec exec, Attachments attachments) {
        this(exec, attachments, NodeMetrics.unserved());
    }

    /** As {@link #AgentCniHandler(InProcessExec, Attachments)}, counting each call into {@code metrics}. */
    public AgentCniHandler(InProcessExec exec, Attachments attachments, NodeMetrics metrics) {
        this.exec = exec;
        this.attachments = attachments;
        this.metrics = metrics;
    }

    @Override
    public CniResponse handle(CniRequest request) {
        Plugin plugin = exec.plugin(request.plugin()).orElseThrow(() -> new CniException(
                CniErrorCode.PLUGIN_NOT_AVAILABLE, "the weft agent has no plugin \"" + request.plugin() + "\""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int exit = new Dispatcher(plugin).run(request.env(), request.stdin(), out, err);
        long nanos = System.nanoTime() - t0;
        long micros = nanos / 1_000;
        long n = served.incrementAndGet();
        String command = request.env("CNI_COMMAND").orElse("?");
        metrics.recordCni(command, request.plugin(), exit == 0 ? 0 : errorCode(out.toByteArray()), nanos);
        if (exit == 0 && command.equals("ADD") && PluginCatalog.recordsPods(request.plugin())) {
            attachments.podAdded();
        } else if (exit == 0 && (command.equals("ADD") || command.equals("DEL"))) {
            attachments.changed();
        }
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            lastCall.set(new Served(command, request.plugin(), request.env("CNI_CONTAINERID").orElse(""), exit, micros, n));
        }
        return new CniResponse(exit, out.toByteArray(), err.toByteArray());
    }

    @Override
    public void answered(CniRequest request) {
        Served call = lastCall.get();
        if (call != null) {
            lastCall.remove();
            LOG.log(System.Logger.Level.INFO, call.line());
        }
    }

    /** The CNI error code the dispatcher wrote; 999 when its output is not an error (it always is). */
    private static int errorCode(byte[] stdout) {
        try {
            return ErrorCodec.decode(stdout).map(e -> e.code()).orElse(999);
        } catch (RuntimeException e) {
            return 999;
        }
    }

    /** Requests served so far. */
    public long served() {
        return served.get();
    }
}
