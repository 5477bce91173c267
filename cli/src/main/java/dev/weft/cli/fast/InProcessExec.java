package dev.weft.cli.fast;

import dev.weft.cli.install.PluginCatalog;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.ErrorCodec;
import dev.weft.runtime.exec.PluginExec;
import dev.weft.runtime.exec.ProcessExec;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.Plugin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs weft's own plugins inside this JVM and everything else (the reference portmap, say) as a
 * process. A delegate call from a weft plugin to another (weft → weft-bridge → weft-host-local)
 * therefore never leaves the agent. The contract is {@link PluginExec}'s: stdout on success, the
 * plugin's own error otherwise.
 */
public final class InProcessExec implements PluginExec {
    /** Marks a plugin found in-process; never a real file. */
    private static final String SCHEME = "weft-in-process:";

    /** How a weft plugin named by its executable is wired, given this exec for its own delegates. */
    @FunctionalInterface
    public interface Catalog {
        Optional<Plugin> plugin(String name, PluginExec exec);
    }

    private final PluginExec processes;
    private final Catalog catalog;

    public InProcessExec(PluginExec processes, Catalog catalog) {
        this.processes = processes;
        this.catalog = catalog;
    }

    /** The agent's: plugins wired for its long-lived JVM. */
    public InProcessExec(PluginExec processes) {
        this(processes, PluginCatalog::inProcess);
    }

    public InProcessExec() {
        this(new ProcessExec());
    }

    /** For a JVM that serves one call (the JVM path): its delegates run in it too, one JVM per call. */
    public static InProcessExec oneShot() {
        return new InProcessExec(new ProcessExec(), PluginCatalog::oneShot);
    }

    /**
     * weft's plugins are always found in-process (the agent has them all, whatever CNI_PATH says);
     * anything else is searched for on {@code searchPath} as usual.
     */
    @Override
    public Path find(String type, List<Path> searchPath) {
        return PluginCatalog.plugins().containsKey(type) ? Path.of(SCHEME + type) : processes.find(type, searchPath);
    }

    @Override
    public byte[] run(Path plugin, byte[] stdin, Map<String, String> cniEnv) {
        Optional<Plugin> p = inProcess(plugin);
        if (p.isEmpty()) {
            return processes.run(plugin, stdin, cniEnv);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Dispatcher(p.get()).run(cniEnv, stdin, out, err);
        if (exit == 0) {
            return out.toByteArray();
        }
        String name = plugin.toString().substring(SCHEME.length());
        CniException e = ErrorCodec.decode(out.toByteArray()).orElseGet(() -> new CniException(
                CniErrorCode.INTERNAL, "plugin \"" + name + "\" failed without a CNI error"));
        String details = e.details() != null ? e.details() : err.toString(StandardCharsets.UTF_8);
        throw new CniException(e.code(), e.msg(), details.isEmpty() ? null : details, null);
    }

    /** The weft plugin a path from {@link #find} names, wired to delegate through this exec. */
    private Optional<Plugin> inProcess(Path plugin) {
        String s = plugin.toString();
        return s.startsWith(SCHEME) ? catalog.plugin(s.substring(SCHEME.length()), this) : Optional.empty();
    }
}
