package dev.weft.cli.cni;

import dev.weft.cni.ContainerId;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.json.Json;
import dev.weft.net.InterfaceName;
import dev.weft.runtime.CniRuntime;
import dev.weft.runtime.RuntimeConf;
import dev.weft.runtime.conf.ConfigLoader;
import dev.weft.cni.CniArgs;
import dev.weft.invoke.ExecLimits;
import dev.weft.invoke.PluginLocator;
import dev.weft.invoke.ProcessExec;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options shared by the {@code weft cni} operations. Each falls back to cnitool's environment
 * variable, then to the usual default.
 */
public final class CniOptions {
    static final String DEFAULT_CNI_PATH = "/opt/cni/bin:/usr/lib/cni";

    @Option(names = "--conf-dir", description = "Config directory (env NETCONFPATH, default /etc/cni/net.d).")
    String confDir;

    @Option(names = "--cni-path", description = "Plugin search path (env CNI_PATH, default " + DEFAULT_CNI_PATH + ").")
    String cniPath;

    @Option(names = "--cache-dir", description = "Result cache directory (default /var/lib/cni).",
            defaultValue = "/var/lib/cni")
    Path cacheDir;

    @Option(names = "--timeout", description = "Per-plugin timeout in seconds (default 60).", defaultValue = "60")
    long timeoutSeconds;

    private final Map<String, String> env;

    public CniOptions() {
        this(System.getenv());
    }

    CniOptions(Map<String, String> env) {
        this.env = env;
    }

    NetworkConfigList load(String network) {
        String dir = confDir != null ? confDir : env.getOrDefault("NETCONFPATH", "/etc/cni/net.d");
        return new ConfigLoader(Path.of(dir)).load(network);
    }

    CniRuntime runtime() {
        String path = cniPath != null ? cniPath : env.getOrDefault("CNI_PATH", DEFAULT_CNI_PATH);
        var exec = new ProcessExec(ExecLimits.DEFAULT.withTimeout(Duration.ofSeconds(timeoutSeconds)));
        return new CniRuntime(exec, PluginLocator.parsePath(path), cacheDir);
    }

    /** The attachment for a netns: cnitool's container ID rule unless one is given. */
    RuntimeConf attachment(String netns, String ifName, String args, String containerId) {
        String path = netnsPath(netns);
        String ifn = ifName != null ? ifName : env.getOrDefault("CNI_IFNAME", "eth0");
        String cniArgs = args != null ? args : env.getOrDefault("CNI_ARGS", "");
        String cid = containerId != null ? containerId : cnitoolContainerId(path);
        return new RuntimeConf(ContainerId.of(cid), path, InterfaceName.of(ifn), CniArgs.parse(cniArgs),
                capabilityArgs());
    }

    private Map<String, JsonNode> capabilityArgs() {
        String caps = env.get("CAP_ARGS");
        if (caps == null || caps.isBlank()) {
            return Map.of();
        }
        ObjectNode o = Json.parseObject(caps, "CAP_ARGS");
        Map<String, JsonNode> out = new LinkedHashMap<>();
        o.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A bare name means {@code /run/netns/NAME}, as {@code ip netns} names them. */
    static String netnsPath(String netns) {
        return netns.contains("/") ? netns : "/run/netns/" + netns;
    }

    /** cnitool's rule: {@code "cnitool-" + hex(sha512(netns))}, cut to 20 characters. */
    public static String cnitoolContainerId(String netnsPath) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-512").digest(netnsPath.getBytes(StandardCharsets.UTF_8));
            return ("cnitool-" + HexFormat.of().formatHex(d)).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is always present", e);
        }
    }
}
