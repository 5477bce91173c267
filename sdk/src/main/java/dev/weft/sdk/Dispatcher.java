package dev.weft.sdk;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.ContainerId;
import dev.weft.cni.json.ErrorCodec;
import dev.weft.cni.config.NetworkName;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.net.InterfaceName;
import dev.weft.cni.Attachment;
import dev.weft.cni.CniArgs;
import dev.weft.cni.Command;
import dev.weft.invoke.PluginLocator;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs one CNI call of a {@link Plugin} from injected env, stdin and streams, and returns the exit
 * code. The only place where exceptions become error JSON (exit 1): a {@link CniException} keeps
 * its code; anything else is 999 with its stack trace on stderr.
 */
public final class Dispatcher {
    private static final List<String> SPEC_VARIABLES = List.of("CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS",
            "CNI_IFNAME", "CNI_ARGS", "CNI_PATH");
    private final Plugin plugin;

    public Dispatcher(Plugin plugin) {
        this.plugin = plugin;
    }

    /** One call from a process's env and stdin: the result or error JSON goes to {@code stdout}; returns the exit code. */
    public int run(Map<String, String> env, byte[] stdin, OutputStream stdout, OutputStream stderr) {
        String version = null;
        try {
            Command command = command(env);
            if (command == Command.VERSION) {
                write(stdout, Json.bytes(plugin.versions().encode()));
                return 0;
            }
            version = peekVersion(stdin); // only so that an error can carry it
            require(env, requiredVariables(command), command); // before decoding stdin, as Go's skel does
            ObjectNode config = Json.parseObject(stdin, "network configuration on stdin");
            version = config.path("cniVersion").asString(null);
            Optional<Result> result = dispatch(command, env, config);
            if (result.isPresent()) {
                write(stdout, ResultCodec.encodeBytes(result.get()));
            }
            return 0;
        } catch (CniException e) {
            logCause(e, stderr);
            write(stdout, Json.bytes(ErrorCodec.encode(e, version)));
            return 1;
        } catch (RuntimeException | Error e) {
            log(stderr, "weft plugin: unexpected failure\n" + stackTrace(e));
            write(stdout, Json.bytes(ErrorCodec.encode(unexpected(e), version)));
            return 1;
        }
    }

    /**
     * One call with the configuration already parsed, for a plugin delegating to another in the
     * same JVM: ADD's result (in the config's version), nothing for the other commands. Every
     * failure is a {@link CniException}, as {@link #run} would have written it. {@code config} is
     * handed over: the plugin may keep it.
     */
    public Optional<Result> call(Map<String, String> env, ObjectNode config) {
        try {
            Command command = command(env);
            if (command == Command.VERSION) {
                throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "VERSION takes no configuration; use run");
            }
            require(env, requiredVariables(command), command);
            return dispatch(command, env, config);
        } catch (CniException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static CniException unexpected(Throwable e) {
        return new CniException(CniErrorCode.INTERNAL, String.valueOf(e.getMessage()), e.getClass().getName(), e);
    }

    private Optional<Result> dispatch(Command command, Map<String, String> env, ObjectNode config) {
        CniVersion v = negotiate(config.path("cniVersion").asString(null));
        String network = network(config);
        switch (command) {
            case ADD -> {
                return Optional.of(plugin.add(request(command, env, config, v, network)).asVersion(v));
            }
            case DEL -> plugin.del(request(command, env, config, v, network));
            case CHECK -> {
                if (!v.supportsCheck()) {
                    throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                            "CHECK needs cniVersion 0.4.0 or later, the config has " + v);
                }
                plugin.check(request(command, env, config, v, network));
            }
            case GC -> plugin.gc(new GcRequest(network, v, config, validAttachments(config), cniPath(env)));
            case STATUS -> plugin.status(new StatusRequest(network, v, config, cniPath(env)));
            case VERSION -> throw new IllegalStateException("handled before");
        }
        return Optional.empty();
    }

    /**
     * The network {@code name}, when given held to the spec's rule (code 7): plugins use it as a
     * file name part (host-local's directory), so it must be one safe path segment. An absent name
     * is "" as in Go's skel, which does not require it.
     */
    private static String network(ObjectNode config) {
        return Fields.ofConfig(config, "").string("name").map(n -> NetworkName.validate(n, "name")).orElse("");
    }

    private static Command command(Map<String, String> env) {
        String c = env.get("CNI_COMMAND");
        if (c == null || c.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "required env variables [CNI_COMMAND] missing");
        }
        try {
            return Command.valueOf(c);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "unknown CNI_COMMAND \"" + c + "\"");
        }
    }

    private CniVersion negotiate(String version) {
        if (version == null || version.isEmpty()) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                    "field \"cniVersion\" is missing; this plugin supports " + plugin.versions().supportedVersions());
        }
        if (!plugin.versions().supports(version)) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "incompatible CNI versions: config is \""
                    + version + "\", plugin supports " + plugin.versions().supportedVersions());
        }
        return CniVersion.parse(version);
    }

    private static Request request(Command command, Map<String, String> env, ObjectNode config, CniVersion v,
                                   String network) {
        InterfaceName ifName;
        try {
            ifName = InterfaceName.of(env.get("CNI_IFNAME"));
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_IFNAME: " + e.getMessage(), e);
        }
        Optional<Result> prev = Fields.ofConfig(config, "").object("prevResult")
                .filter(o -> !o.isEmpty())
                .map(o -> prevResult(o, v));
        return new Request(command, ContainerId.of(env.get("CNI_CONTAINERID")), env.getOrDefault("CNI_NETNS", ""),
                ifName, CniArgs.parse(env.get("CNI_ARGS")), cniPath(env), network, v, config, prev,
                RuntimeConfig.parse(config));
    }

    private static Result prevResult(ObjectNode json, CniVersion v) {
        try {
            return ResultCodec.decode(json).asVersion(v);
        } catch (CniException e) {
            throw new CniException(e.code(), "prevResult: " + e.msg(), e.details(), e);
        }
    }

    private static String peekVersion(byte[] stdin) {
        try {
            return Json.mapper().readTree(stdin).path("cniVersion").asString(null);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** What each command needs in its environment (DEL tolerates a missing netns). */
    private static List<String> requiredVariables(Command command) {
        return switch (command) {
            case ADD, CHECK -> List.of("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH");
            case DEL -> List.of("CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH");
            case GC, STATUS -> List.of("CNI_PATH");
            case VERSION -> List.of();
        };
    }

    /**
     * The variables {@code command} needs must be set; none of the spec's may hold a NUL, which a
     * process environment never does (only a request forged on the agent's socket could), and
     * which would cut a path short in a system call or fail a path parse as an internal error.
     */
    private static void require(Map<String, String> env, List<String> names, Command command) {
        List<String> missing = names.stream().filter(n -> env.get(n) == null || env.get(n).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT,
                    "required env variables " + missing + " missing for " + command);
        }
        for (String name : SPEC_VARIABLES) {
            String v = env.get(name);
            if (v != null && v.indexOf('\0') >= 0) {
                throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, name + " contains a NUL character");
            }
        }
    }

    private static List<java.nio.file.Path> cniPath(Map<String, String> env) {
        return PluginLocator.parsePath(env.get("CNI_PATH"));
    }

    private static Set<Attachment> validAttachments(ObjectNode config) {
        Fields f = Fields.ofConfig(config, "");
        return f.list("cni.dev/valid-attachments", e -> {
            Fields a = e.asObject();
            return new Attachment(a.requiredString("containerID"), a.requiredString("ifname"));
        }).stream().collect(Collectors.toUnmodifiableSet());
    }

    private static void logCause(CniException e, OutputStream stderr) {
        if (e.getCause() != null) {
            log(stderr, "weft plugin: " + e + "\n" + stackTrace(e.getCause()));
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static void log(OutputStream stderr, String text) {
        try {
            stderr.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            stderr.flush();
        } catch (IOException ignored) {
            // stderr is best effort; stdout carries the contract
        }
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to stdout", e);
        }
    }
}
