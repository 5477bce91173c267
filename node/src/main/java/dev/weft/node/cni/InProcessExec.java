package dev.weft.node.cni;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.ErrorCodec;
import dev.weft.cni.result.Result;
import dev.weft.invoke.PluginExec;
import dev.weft.invoke.PluginRef;
import dev.weft.invoke.ProcessExec;
import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.Plugin;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs weft's own plugins inside this JVM and everything else (the reference portmap, say) as a
 * process. A delegate call from a weft plugin to another (weft → weft-bridge → weft-host-local)
 * therefore never leaves the JVM, and hands its parsed configuration and result over as objects:
 * nothing is encoded or parsed again between the hops. The contract is {@link PluginExec}'s.
 */
public final class InProcessExec implements PluginExec {
    private final PluginExec processes;
    private final PluginCatalog catalog;
    private final NodeMetrics metrics;

    public InProcessExec(PluginExec processes, PluginCatalog catalog) {
        this(processes, catalog, NodeMetrics.unserved());
    }

    /** As {@link #InProcessExec(PluginExec, PluginCatalog)}, counting in-process delegate calls into {@code metrics}. */
    public InProcessExec(PluginExec processes, PluginCatalog catalog, NodeMetrics metrics) {
        this.processes = processes;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    /** For a JVM that serves one call (the JVM path): its delegates run in it too, one JVM per call. */
    public static InProcessExec oneShot() {
        return new InProcessExec(new ProcessExec(), PluginCatalog.oneShot());
    }

    /**
     * weft's plugins are always found in-process (whatever CNI_PATH says); anything else is
     * searched for on {@code searchPath} as usual.
     */
    @Override
    public PluginRef find(String type, List<Path> searchPath) {
        return PluginCatalog.has(type) ? new PluginRef.InProcess(type) : processes.find(type, searchPath);
    }

    @Override
    public byte[] run(PluginRef plugin, byte[] stdin, Map<String, String> cniEnv) {
        if (!(plugin instanceof PluginRef.InProcess)) {
            return processes.run(plugin, stdin, cniEnv);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = dispatcher(plugin).run(cniEnv, stdin, out, err);
        metrics.recordDelegate(cniEnv.getOrDefault("CNI_COMMAND", "?"), plugin.type(), exit == 0);
        if (exit == 0) {
            return out.toByteArray();
        }
        CniException e = ErrorCodec.decode(out.toByteArray()).orElseGet(() -> new CniException(
                CniErrorCode.INTERNAL, "plugin \"" + plugin.type() + "\" failed without a CNI error"));
        String details = e.details() != null ? e.details() : err.toString(StandardCharsets.UTF_8);
        throw new CniException(e.code(), e.msg(), details.isEmpty() ? null : details, null);
    }

    @Override
    public Result add(PluginRef plugin, ObjectNode stdin, Map<String, String> cniEnv) {
        if (!(plugin instanceof PluginRef.InProcess)) {
            return processes.add(plugin, stdin, cniEnv);
        }
        return counted(plugin, cniEnv, () -> dispatcher(plugin).call(cniEnv, stdin).orElseThrow());
    }

    @Override
    public void call(PluginRef plugin, ObjectNode stdin, Map<String, String> cniEnv) {
        if (!(plugin instanceof PluginRef.InProcess)) {
            processes.call(plugin, stdin, cniEnv);
            return;
        }
        counted(plugin, cniEnv, () -> dispatcher(plugin).call(cniEnv, stdin));
    }

    private <T> T counted(PluginRef plugin, Map<String, String> cniEnv, java.util.function.Supplier<T> call) {
        boolean ok = false;
        try {
            T result = call.get();
            ok = true;
            return result;
        } finally {
            metrics.recordDelegate(cniEnv.getOrDefault("CNI_COMMAND", "?"), plugin.type(), ok);
        }
    }

    /** weft's plugin called {@code name}, wired to delegate through this exec; empty when not weft's. */
    public Optional<Plugin> plugin(String name) {
        return catalog.plugin(name, this);
    }

    private Dispatcher dispatcher(PluginRef plugin) {
        return new Dispatcher(plugin(plugin.type()).orElseThrow(() -> new CniException(
                CniErrorCode.PLUGIN_NOT_AVAILABLE, "weft has no plugin \"" + plugin.type() + "\"")));
    }
}
