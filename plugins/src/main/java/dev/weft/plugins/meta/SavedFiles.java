package dev.weft.plugins.meta;

import dev.weft.cni.Attachment;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import dev.weft.nodestate.PodRecord;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code weft} plugin's files, per attachment: {@code DATADIR/ID-IFNAME.json} (the delegate
 * configuration) and {@code DATADIR/pods/ID-IFNAME.json} (the {@link PodRecord}). GC removes these
 * and nothing else: a file must have weft's name pattern, be a regular file (not a link), and in
 * the data directory, which an administrator may share, also read as a saved configuration. Pod
 * records of Docker containers ({@link PodRecord#DOCKER_PREFIX}), which weft's Docker driver writes
 * into the same directory, are the driver's: no CNI runtime lists them as valid attachments, and
 * the driver removes them when Docker deletes the endpoint.
 */
final class SavedFiles {
    /** A container ID (the spec's rule), {@code -}, an interface name, {@code .json}. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*-[^/:\\s]{1,15}\\.json");
    private static final long MAX_CONFIG = 1 << 20;

    private SavedFiles() {
    }

    static String name(Attachment a) {
        return a.containerId() + "-" + a.ifName() + ".json";
    }

    static Path config(Path dataDir, Attachment a) {
        return dataDir.resolve(name(a));
    }

    /** Removes the pod records, then the saved configurations, of every attachment not in {@code valid}. */
    static void removeAllBut(Path dataDir, Set<Attachment> valid) throws IOException {
        Set<String> keep = valid.stream().map(SavedFiles::name).collect(Collectors.toSet());
        removeAllBut(dataDir.resolve(PodRecord.DIR), keep, f -> !f.getFileName().toString().startsWith(PodRecord.DOCKER_PREFIX));
        removeAllBut(dataDir, keep, SavedFiles::isSavedConfig);
    }

    private static void removeAllBut(Path dir, Set<String> keep, Predicate<Path> ours) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (NAME.matcher(n).matches() && !keep.contains(n) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && ours.test(f)) {
                    WeftPlugin.deleteQuietly(f);
                }
            }
        }
    }

    /** What {@code add} saves: a JSON object with a {@code cniVersion} and a delegate {@code type}. */
    private static boolean isSavedConfig(Path f) {
        try {
            if (Files.size(f) > MAX_CONFIG) {
                return false;
            }
            ObjectNode o = Json.parseObject(Files.readAllBytes(f), "saved delegate config " + f);
            return o.path("cniVersion").isString() && o.path("type").isString();
        } catch (IOException | CniException e) {
            return false;
        }
    }
}
