package dev.weft.runtime;

import dev.weft.cni.Attachment;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.config.Invocation;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.config.PluginConfig;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.runtime.cache.CachedAttachment;
import dev.weft.runtime.cache.ResultCache;
import dev.weft.cni.Command;
import dev.weft.invoke.Invoker;
import dev.weft.invoke.PluginExec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs network configuration lists against attachments, as libcni's {@code CNIConfig} does.
 * Thread-safe for different attachments; the spec forbids parallel calls for one container.
 */
public final class CniRuntime {
    private final Invoker invoker;
    private final ResultCache cache;

    public CniRuntime(PluginExec exec, List<Path> cniPath, Path cacheDir) {
        this.invoker = new Invoker(exec, cniPath);
        this.cache = new ResultCache(cacheDir);
    }

    /** Runs ADD through the chain, each plugin getting the previous result; caches the last. */
    public Result add(NetworkConfigList list, RuntimeConf rt) {
        Optional<Result> prev = Optional.empty();
        for (PluginConfig plugin : list.requirePlugins().plugins()) {
            ObjectNode stdin = Invocation.stdin(list, plugin, prev, rt.capabilityArgs());
            prev = Optional.of(invoker.add(plugin.type(), stdin, target(rt)));
        }
        Result result = prev.orElseThrow();
        cache.put(new CachedAttachment(list.name(), rt.containerId().value(), rt.ifName().value(), rt.netns(),
                rt.args(), rt.capabilityArgs(), Json.bytes(list.raw()), Optional.of(result)));
        return result;
    }

    /**
     * Runs DEL through the chain in reverse, with the cached result as prevResult (0.4.0 and later),
     * then drops the cache record. Plugins must treat a repeated DEL as success.
     */
    public void del(NetworkConfigList list, RuntimeConf rt) {
        Optional<Result> cached = list.cniVersion().supportsCheck() ? cachedResult(list, rt) : Optional.empty();
        List<PluginConfig> plugins = list.requirePlugins().plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            PluginConfig plugin = plugins.get(i);
            ObjectNode stdin = Invocation.stdin(list, plugin, cached, rt.capabilityArgs());
            invoker.call(plugin.type(), Command.DEL, stdin, target(rt));
        }
        cache.delete(list.name(), rt.containerId().value(), rt.ifName().value());
    }

    /** Runs CHECK through the chain with the cached ADD result; a no-op when {@code disableCheck}. */
    public void check(NetworkConfigList list, RuntimeConf rt) {
        if (!list.cniVersion().supportsCheck()) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "network \"" + list.name()
                    + "\" has cniVersion " + list.cniVersion() + ", which does not support CHECK (0.4.0 or later)");
        }
        if (list.disableCheck()) {
            return;
        }
        Result cached = cachedResult(list, rt).orElseThrow(() -> new CniException(CniErrorCode.UNKNOWN_CONTAINER,
                "no cached result for container " + rt.containerId() + " interface " + rt.ifName() + " on network \""
                        + list.name() + "\": CHECK needs a prior ADD"));
        for (PluginConfig plugin : list.requirePlugins().plugins()) {
            ObjectNode stdin = Invocation.stdin(list, plugin, Optional.of(cached), rt.capabilityArgs());
            invoker.call(plugin.type(), Command.CHECK, stdin, target(rt));
        }
    }

    /**
     * Garbage-collects the network: DEL for every cached attachment not in {@code valid}, then
     * (1.1.0 and later) GC on every plugin with {@code cni.dev/valid-attachments}. Every failure is
     * collected; the first is thrown with the others suppressed. A no-op when {@code disableGC}.
     */
    public void gc(NetworkConfigList list, Set<Attachment> valid) {
        if (list.disableGC()) {
            return;
        }
        List<CniException> errors = new ArrayList<>();
        for (CachedAttachment a : cachedAttachments(list.name())) {
            if (valid.contains(new Attachment(a.containerId(), a.ifName()))) {
                continue;
            }
            try {
                del(list, new RuntimeConf(dev.weft.cni.ContainerId.of(a.containerId()), a.netns(),
                        dev.weft.net.InterfaceName.of(a.ifName()), a.cniArgs(), a.capabilityArgs()));
            } catch (CniException e) {
                errors.add(e);
            } catch (IllegalArgumentException e) { // a cache record with an invalid interface name
                errors.add(new CniException(CniErrorCode.INVALID_ENVIRONMENT, "cache record of container "
                        + a.containerId() + ": " + e.getMessage(), e));
            }
        }
        if (list.cniVersion().supportsGcAndStatus()) {
            for (PluginConfig plugin : list.requirePlugins().plugins()) {
                try {
                    invoker.call(plugin.type(), Command.GC, gcStdin(list, plugin, valid), Invoker.Target.NONE);
                } catch (CniException e) {
                    errors.add(e);
                }
            }
        }
        throwAll(errors);
    }

    private static ObjectNode gcStdin(NetworkConfigList list, PluginConfig plugin, Set<Attachment> valid) {
        ObjectNode stdin = Invocation.stdin(list, plugin, Optional.empty(), java.util.Map.of());
        ArrayNode arr = stdin.putArray("cni.dev/valid-attachments");
        valid.stream().sorted(java.util.Comparator.comparing(Attachment::containerId).thenComparing(Attachment::ifName))
                .forEach(a -> arr.addObject().put("containerID", a.containerId()).put("ifname", a.ifName()));
        return stdin;
    }

    /** Asks every plugin whether it is ready (1.1.0 and later; earlier lists are always ready). */
    public void status(NetworkConfigList list) {
        if (!list.cniVersion().supportsGcAndStatus()) {
            return;
        }
        for (PluginConfig plugin : list.requirePlugins().plugins()) {
            invoker.call(plugin.type(), Command.STATUS, Invocation.stdin(list, plugin, Optional.empty(),
                    java.util.Map.of()), Invoker.Target.NONE);
        }
    }

    public VersionInfo versionInfo(String pluginType) {
        return invoker.version(pluginType);
    }

    /**
     * Checks that every plugin of the list (and each delegated IPAM plugin) exists and supports the
     * list's version. Returns the union of declared capabilities, as libcni does.
     */
    public Set<String> validate(NetworkConfigList list) {
        Set<String> caps = new LinkedHashSet<>();
        Set<String> checked = new HashSet<>();
        for (PluginConfig plugin : list.requirePlugins().plugins()) {
            requireSupport(plugin.type(), list.cniVersion(), checked);
            plugin.ipamType().ifPresent(ipam -> requireSupport(ipam, list.cniVersion(), checked));
            plugin.capabilities().forEach((k, v) -> {
                if (v) {
                    caps.add(k);
                }
            });
        }
        return caps;
    }

    private void requireSupport(String type, CniVersion version, Set<String> checked) {
        if (!checked.add(type)) {
            return;
        }
        VersionInfo info = invoker.version(type);
        if (!info.supports(version.text())) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "plugin \"" + type + "\" does not support cniVersion "
                    + version + "; it supports " + info.supportedVersions());
        }
    }

    public Optional<Result> cachedResult(NetworkConfigList list, RuntimeConf rt) {
        return cache.get(list.name(), rt.containerId().value(), rt.ifName().value())
                .flatMap(CachedAttachment::result)
                .map(r -> r.asVersion(list.cniVersion()));
    }

    /** Cached attachments of one network (all networks when {@code network} is null). */
    public List<CachedAttachment> cachedAttachments(String network) {
        return cache.list().stream().filter(a -> network == null || a.network().equals(network)).toList();
    }

    private static Invoker.Target target(RuntimeConf rt) {
        return new Invoker.Target(rt.containerId().value(), rt.netns(), rt.ifName().value(), rt.args());
    }

    private static void throwAll(List<CniException> errors) {
        if (errors.isEmpty()) {
            return;
        }
        CniException first = errors.getFirst();
        errors.stream().skip(1).forEach(first::addSuppressed);
        if (errors.size() > 1) {
            throw new CniException(first.code(), first.msg() + " (and " + (errors.size() - 1) + " more error(s))",
                    first.details(), first);
        }
        throw first;
    }
}
