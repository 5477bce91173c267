package dev.weft.invoke;

import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a plugin, and finds one on a search path. Implementations that run plugins in-process
 * override {@link #add} and {@link #call} to take the parsed configuration as it is, so a chain of
 * in-process delegates never encodes or parses its JSON again.
 */
public interface PluginExec {

    /** The plugin of this {@code type}: the first {@code dir/type} that is an executable file; code 50 naming the dirs when none. */
    PluginRef find(String type, List<Path> searchPath);

    /**
     * Runs {@code plugin} with {@code stdin} and the CNI variables in {@code cniEnv} (added to the
     * inherited environment). Returns stdout on exit status 0; otherwise throws
     * {@link dev.weft.cni.CniException}: the plugin's own error JSON when it printed one, else a
     * failure naming the plugin with its stderr in the details.
     */
    byte[] run(PluginRef plugin, byte[] stdin, Map<String, String> cniEnv);

    /**
     * Runs ADD and returns the plugin's result; a result without {@code cniVersion} takes the
     * config's. The caller hands {@code stdin} over: an in-process plugin may keep it.
     */
    default Result add(PluginRef plugin, ObjectNode stdin, Map<String, String> cniEnv) {
        return PluginOutput.result(run(plugin, Json.bytes(stdin), cniEnv), PluginOutput.configVersion(stdin));
    }

    /** Runs a command whose success prints nothing the caller needs (DEL, CHECK, GC, STATUS). */
    default void call(PluginRef plugin, ObjectNode stdin, Map<String, String> cniEnv) {
        run(plugin, Json.bytes(stdin), cniEnv);
    }
}
