package dev.weft.invoke;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link PluginExec}: plugins are functions registered by type, every call is
 * recorded. For tests of the runtime, and of plugins that delegate.
 */
public final class FakeExec implements PluginExec {
    /** A fake plugin: the call in, stdout out (or a thrown {@link CniException}). */
    @FunctionalInterface
    public interface Plugin {
        byte[] handle(Call call);
    }

    /** One recorded call. */
    public record Call(String type, String command, Map<String, String> env, byte[] stdin) {
    }

    private final Map<String, Plugin> plugins = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    public FakeExec register(String type, Plugin plugin) {
        plugins.put(type, plugin);
        return this;
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public PluginRef find(String type, List<Path> searchPath) {
        if (!plugins.containsKey(type)) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE,
                    "plugin \"" + type + "\" not found in CNI_PATH " + searchPath);
        }
        return new PluginRef.Executable(type, Path.of("/fake", type));
    }

    @Override
    public byte[] run(PluginRef plugin, byte[] stdin, Map<String, String> cniEnv) {
        String type = plugin.type();
        Call call = new Call(type, cniEnv.get("CNI_COMMAND"), Map.copyOf(cniEnv), stdin.clone());
        calls.add(call);
        Plugin p = plugins.get(type);
        if (p == null) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "plugin \"" + type + "\" not registered");
        }
        return p.handle(call);
    }
}
