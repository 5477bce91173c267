package dev.weft.runtime.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a plugin executable, and finds one on a search path. */
public interface PluginExec {

    /**
     * Runs {@code plugin} with {@code stdin} and the CNI variables in {@code cniEnv} (added to the
     * inherited environment). Returns stdout on exit status 0; otherwise throws
     * {@link dev.weft.cni.CniException}: the plugin's own error JSON when it printed one, else a
     * failure naming the plugin with its stderr in the details.
     */
    byte[] run(Path plugin, byte[] stdin, Map<String, String> cniEnv);

    /** The first {@code dir/type} that is an executable file; code 50 naming the dirs when none. */
    Path find(String type, List<Path> searchPath);
}
