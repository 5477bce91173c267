package dev.weft.invoke;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.ErrorCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs plugins as child processes with {@link ExecLimits}. Failures map to CNI codes as follows:
 * the plugin's own error JSON passes through unchanged; a timeout or oversized output is
 * {@code 5} (I/O failure) and the process is killed; a non-zero exit without error JSON (a crash)
 * is {@code 999} with the exit status and stderr in the details.
 */
public final class ProcessExec implements PluginExec {
    private final ExecLimits limits;
    private final Map<String, String> extraEnv;

    public ProcessExec(ExecLimits limits) {
        this(limits, Map.of());
    }

    private ProcessExec(ExecLimits limits, Map<String, String> extraEnv) {
        this.limits = limits;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /**
     * The same exec, adding {@code env} to every plugin's environment (below the CNI variables):
     * for settings of weft's exec shim such as {@code WEFT_CNI_SOCKET}.
     */
    public ProcessExec withEnv(Map<String, String> env) {
        return new ProcessExec(limits, env);
    }

    public ProcessExec() {
        this(ExecLimits.DEFAULT);
    }

    @Override
    public PluginRef find(String type, List<Path> searchPath) {
        return new PluginRef.Executable(type, PluginLocator.find(type, searchPath));
    }

    @Override
    public byte[] run(PluginRef ref, byte[] stdin, Map<String, String> cniEnv) {
        if (!(ref instanceof PluginRef.Executable(String type, Path plugin))) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE,
                    "plugin \"" + ref.type() + "\" is not an executable this exec can run");
        }
        String name = plugin.getFileName().toString();
        if (stdin.length > limits.maxStdin()) {
            throw new CniException(CniErrorCode.IO_FAILURE, "configuration for plugin \"" + name + "\" is "
                    + stdin.length + " bytes, over the " + limits.maxStdin() + "-byte limit");
        }
        ProcessBuilder pb = new ProcessBuilder(plugin.toString());
        pb.environment().putAll(extraEnv);
        pb.environment().putAll(cniEnv);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "cannot execute plugin \"" + plugin + "\": "
                    + e.getMessage(), e);
        }
        BoundedReader out = new BoundedReader(p.getInputStream(), limits.maxStdout());
        BoundedReader err = new BoundedReader(p.getErrorStream(), limits.maxStderr());
        Thread outThread = Thread.ofVirtual().start(out);
        Thread errThread = Thread.ofVirtual().start(err);
        // Written on its own thread: a plugin that never reads a stdin larger than the pipe buffer
        // would otherwise block us here, before the timeout below can apply.
        Thread.ofVirtual().start(() -> writeStdin(p, stdin));
        try {
            if (!p.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new CniException(CniErrorCode.IO_FAILURE, "plugin \"" + name + "\" timed out after "
                        + limits.timeout().toMillis() + " ms and was killed", stderrText(err), null);
            }
            outThread.join();
            errThread.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CniException(CniErrorCode.IO_FAILURE, "interrupted while running plugin \"" + name + "\"", e);
        }
        return outcome(name, p.exitValue(), out, err);
    }

    private static void writeStdin(Process p, byte[] stdin) {
        try (OutputStream os = p.getOutputStream()) {
            os.write(stdin);
        } catch (IOException e) {
            // The plugin may exit without reading stdin (e.g. VERSION); its exit status tells.
        }
    }

    private byte[] outcome(String name, int exit, BoundedReader out, BoundedReader err) {
        if (out.overflowed()) {
            throw new CniException(CniErrorCode.IO_FAILURE, "plugin \"" + name + "\" wrote more than "
                    + limits.maxStdout() + " bytes to stdout", stderrText(err), null);
        }
        if (exit == 0) {
            return out.bytes();
        }
        var pluginError = ErrorCodec.decode(out.bytes());
        if (pluginError.isPresent()) {
            CniException e = pluginError.get();
            String details = e.details() != null ? e.details() : stderrText(err);
            throw new CniException(e.code(), e.msg(), details, null);
        }
        String how = exit > 128 ? "was killed by signal " + (exit - 128) : "exited with status " + exit;
        throw new CniException(CniErrorCode.INTERNAL.code(), "plugin \"" + name + "\" " + how
                + " without a CNI error" + lastLine(err), stderrText(err), null);
    }

    private static String lastLine(BoundedReader err) {
        String s = stderrText(err);
        if (s == null) {
            return "";
        }
        String line = s.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        return line.isEmpty() ? "" : ": " + line;
    }

    private static String stderrText(BoundedReader err) {
        String s = new String(err.bytes(), StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? null : s;
    }
}
