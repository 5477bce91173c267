package dev.weft.invoke;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds plugin executables on a CNI_PATH the way libcni's {@code FindInPath} does. */
public final class PluginLocator {
    private PluginLocator() {
    }

    public static Path find(String type, List<Path> searchPath) {
        if (type == null || type.isEmpty() || type.contains("/")) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "plugin type \"" + type + "\" is not a plain name");
        }
        if (searchPath.isEmpty()) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE,
                    "plugin \"" + type + "\" not found: CNI_PATH is empty");
        }
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE,
                "plugin \"" + type + "\" not found in CNI_PATH " + searchPath);
    }

    /** Splits a CNI_PATH value on ':' dropping empty entries. */
    public static List<Path> parsePath(String cniPath) {
        if (cniPath == null || cniPath.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(cniPath.split(":")).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}
