package dev.weft.invoke;

import dev.weft.cni.CniArgs;
import dev.weft.cni.Command;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Invokes one plugin by type: builds the spec's environment, runs it through {@link PluginExec}
 * and decodes what it printed. Errors keep the plugin's code and gain its name and command.
 */
public final class Invoker {
    private final PluginExec exec;
    private final List<Path> cniPath;

    public Invoker(PluginExec exec, List<Path> cniPath) {
        this.exec = exec;
        this.cniPath = List.copyOf(cniPath);
    }

    public List<Path> cniPath() {
        return cniPath;
    }

    /** The per-call values of the CNI environment; {@code null} fields are passed empty. */
    public record Target(String containerId, String netns, String ifName, CniArgs args) {
        public static final Target NONE = new Target(null, null, null, CniArgs.EMPTY);
    }

    /** Runs ADD and decodes the result; a result without {@code cniVersion} takes the config's. */
    public Result add(String type, ObjectNode stdin, Target target) {
        PluginRef plugin = exec.find(type, cniPath);
        try {
            return exec.add(plugin, stdin, environment(Command.ADD, target));
        } catch (CniException e) {
            throw named(type, Command.ADD, e);
        }
    }

    /** Runs a command whose success prints nothing meaningful (DEL, CHECK, GC, STATUS). */
    public void call(String type, Command command, ObjectNode stdin, Target target) {
        PluginRef plugin = exec.find(type, cniPath);
        try {
            exec.call(plugin, stdin, environment(command, target));
        } catch (CniException e) {
            throw named(type, command, e);
        }
    }

    /** Asks a plugin which versions it supports. */
    public VersionInfo version(String type) {
        ObjectNode stdin = Json.object();
        stdin.put("cniVersion", CniVersion.CURRENT.text());
        PluginRef plugin = exec.find(type, cniPath);
        try {
            return VersionInfo.decode(exec.run(plugin, Json.bytes(stdin), environment(Command.VERSION, Target.NONE)));
        } catch (CniException e) {
            throw named(type, Command.VERSION, e);
        }
    }

    private static CniException named(String type, Command command, CniException e) {
        return new CniException(e.code(), "plugin \"" + type + "\" (" + command + "): " + e.msg(), e.details(), e);
    }

    private Map<String, String> environment(Command command, Target t) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command.name());
        // All six are always set (empty when not applicable), as libcni does, so nothing stale
        // from the caller's own environment reaches the plugin.
        env.put("CNI_CONTAINERID", t.containerId() == null ? "" : t.containerId());
        env.put("CNI_NETNS", t.netns() == null ? "" : t.netns());
        env.put("CNI_IFNAME", t.ifName() == null ? "" : t.ifName());
        env.put("CNI_ARGS", t.args() == null ? "" : t.args().toString());
        env.put("CNI_PATH", cniPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        return env;
    }
}
