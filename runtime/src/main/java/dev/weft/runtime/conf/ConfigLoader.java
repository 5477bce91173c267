package dev.weft.runtime.conf;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.config.PluginConfig;
import dev.weft.cni.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Loads network configuration lists from a directory. */
public final class ConfigLoader {
    private static final List<String> EXTENSIONS = List.of(".conflist", ".conf", ".json");

    private final Path dir;

    public ConfigLoader(Path dir) {
        this.dir = dir;
    }

    /** Configuration files in the order they are considered. */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(ext -> p.getFileName().toString().endsWith(ext)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Parses one file: {@code .conflist} as a list, others as a list or a single configuration. */
    public NetworkConfigList loadFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        NetworkConfigList list = file.toString().endsWith(".conflist")
                ? NetworkConfigList.parseList(bytes, file.toString())
                : NetworkConfigList.parseAny(bytes, file.toString());
        return withDirectoryPlugins(list).requirePlugins();
    }

    /**
     * The network called {@code name}: the first file in order that defines it. If none does,
     * the error lists files that could not be parsed, since one of them may be the one meant.
     */
    public NetworkConfigList load(String name) {
        List<String> broken = new ArrayList<>();
        for (Path f : files()) {
            try {
                NetworkConfigList list = loadFile(f);
                if (list.name().equals(name)) {
                    return list;
                }
            } catch (CniException e) {
                if (declaresName(f, name)) {
                    throw new CniException(e.code(), f + ": " + e.msg(), e.details(), e);
                }
                broken.add(f.getFileName() + ": " + e.msg());
            }
        }
        String why = broken.isEmpty() ? "" : "; unreadable files: " + String.join("; ", broken);
        throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "no network configuration named \"" + name + "\" in " + dir + why);
    }

    /** Whether a file that failed validation still names this network, so its error is the answer. */
    private static boolean declaresName(Path file, String name) {
        try {
            var node = Json.mapper().readTree(Files.readAllBytes(file));
            return node != null && name.equals(node.path("name").asString(null));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** All parseable lists, in order. */
    public List<NetworkConfigList> loadAll() {
        List<NetworkConfigList> out = new ArrayList<>();
        for (Path f : files()) {
            out.add(loadFile(f));
        }
        return out;
    }

    private NetworkConfigList withDirectoryPlugins(NetworkConfigList list) {
        if (list.loadOnlyInlinedPlugins()) {
            return list;
        }
        Path sub = dir.resolve(list.name());
        if (!Files.isDirectory(sub)) {
            return list;
        }
        List<PluginConfig> extra = new ArrayList<>();
        try (Stream<Path> s = Files.list(sub)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                extra.add(PluginConfig.parse(Json.parseObject(Files.readAllBytes(f), f.toString()), f.toString()));
            }
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot read plugins of " + sub + ": " + e.getMessage(), e);
        }
        return list.withExtraPlugins(extra);
    }

    public Optional<Path> directory() {
        return Optional.of(dir);
    }
}
