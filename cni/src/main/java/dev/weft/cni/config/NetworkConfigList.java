package dev.weft.cni.config;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.json.Fields;
import dev.weft.cni.json.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A network configuration list (SPEC 1.1.0): the network {@code name}, the {@code cniVersion}
 * in effect, and the plugin chain. {@code raw} is the document as loaded, kept for the cache.
 *
 * <p>When {@code cniVersions} is present, the highest version weft knows is chosen, as libcni
 * does; otherwise {@code cniVersion}. A version weft does not know is error code 1.
 */
public record NetworkConfigList(String name, CniVersion cniVersion, List<String> cniVersions, boolean disableCheck,
                                boolean disableGC, boolean loadOnlyInlinedPlugins, List<PluginConfig> plugins,
                                ObjectNode raw) {
    public NetworkConfigList {
        cniVersions = List.copyOf(cniVersions);
        plugins = List.copyOf(plugins);
        raw = raw.deepCopy();
    }

    /** Parses a {@code .conflist} document. */
    public static NetworkConfigList parseList(byte[] bytes, String source) {
        ObjectNode json = Json.parseObject(bytes, "network configuration list " + source);
        Fields f = Fields.ofConfig(json, "");
        String name = NetworkName.validate(f.string("name").orElse(null), "name");
        CniVersion version = chooseVersion(f);
        List<PluginConfig> plugins = f.list("plugins", e -> PluginConfig.parse((ObjectNode) e.asObject().node(), e.path()));
        if (plugins.isEmpty() && f.bool("loadOnlyInlinedPlugins", false)) {
            throw f.error("plugins", "must list at least one plugin");
        }
        return new NetworkConfigList(name, version, f.has("cniVersions") ? f.strings("cniVersions") : List.of(),
                f.bool("disableCheck", false), f.bool("disableGC", false), f.bool("loadOnlyInlinedPlugins", false),
                plugins, json);
    }

    /** Wraps a single-plugin {@code .conf} as a list, as libcni's {@code ConfListFromConf} does. */
    public static NetworkConfigList parseSingle(byte[] bytes, String source) {
        ObjectNode json = Json.parseObject(bytes, "network configuration " + source);
        Fields f = Fields.ofConfig(json, "");
        String name = NetworkName.validate(f.string("name").orElse(null), "name");
        CniVersion version = chooseVersion(f);
        PluginConfig plugin = PluginConfig.parse(json, "");
        ObjectNode list = Json.object();
        list.put("cniVersion", version.text());
        list.put("name", name);
        list.putArray("plugins").add(json.deepCopy());
        return new NetworkConfigList(name, version, List.of(), false, false, true, List.of(plugin), list);
    }

    /** Either form: a document with {@code plugins} is a list, otherwise a single configuration. */
    public static NetworkConfigList parseAny(byte[] bytes, String source) {
        ObjectNode json = Json.parseObject(bytes, "network configuration " + source);
        return json.has("plugins") ? parseList(bytes, source) : parseSingle(bytes, source);
    }

    private static CniVersion chooseVersion(Fields f) {
        if (f.has("cniVersions")) {
            Optional<CniVersion> best = f.strings("cniVersions").stream()
                    .map(CniVersion::find).flatMap(Optional::stream)
                    .filter(CniVersion::hasRichResult)
                    .max(Comparator.naturalOrder());
            if (best.isPresent()) {
                return best.get();
            }
        }
        String text = f.string("cniVersion").orElseThrow(() -> f.error("cniVersion", "is required"));
        CniVersion v = CniVersion.find(text).orElseThrow(() -> new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                "field \"cniVersion\" \"" + text + "\" is not a CNI version weft supports "
                        + CniVersion.supportedTexts()));
        if (!v.hasRichResult()) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "field \"cniVersion\" \"" + text
                    + "\" is older than 0.3.0, which weft does not run; use one of " + CniVersion.supportedTexts());
        }
        return v;
    }

    /** This list with more plugins appended (plugin files loaded from the network's own directory). */
    public NetworkConfigList withExtraPlugins(List<PluginConfig> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<PluginConfig> all = new ArrayList<>(plugins);
        all.addAll(extra);
        ObjectNode newRaw = raw.deepCopy();
        var arr = newRaw.putArray("plugins");
        all.forEach(p -> arr.add(p.raw()));
        return new NetworkConfigList(name, cniVersion, cniVersions, disableCheck, disableGC, loadOnlyInlinedPlugins,
                all, newRaw);
    }

    /** Throws code 7 when the chain is empty. */
    public NetworkConfigList requirePlugins() {
        if (plugins.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                    "network \"" + name + "\": field \"plugins\" lists no plugin");
        }
        return this;
    }

    /** A copy of the JSON: the record stays immutable. */
    public ObjectNode raw() {
        return raw.deepCopy();
    }
}
