package dev.weft.lab;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A JDK AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) for the lab's
 * agents, so that a node joining a lab starts its agent in a fraction of the time. A node agent's
 * start is mostly class loading (picocli, Jackson, the datastore client, netlink, nft, BIRD's
 * config), which the JVM path's cache ({@code weft install --aot-cache}) does not cover.
 *
 * <p>The cache is trained by the agents themselves, not by a synthetic run: when a lab starts an
 * agent and no cache exists, that one agent (one per build: a claim file decides) runs with
 * {@code -XX:AOTCacheOutput}; the JVM writes the cache when the agent exits cleanly, which
 * {@link Lab#down} arranges (SIGTERM and a wait, where the other agents get SIGKILL). Every agent
 * started after that runs with {@code -XX:AOTCache}. The cache lives beside the jars
 * ({@code build/lib/weft-agent.aot}), so a rebuild, which replaces that directory, drops it; the JVM
 * itself refuses a cache whose jars changed (and runs without it). A classpath that is not a
 * directory of jars (Maven's, in the tests) gets no cache: the JVM accepts only jars in one.
 *
 * <p>The file the JVM writes is usable only once complete (the JVM writes its header last and
 * rejects a file without one), so a reader never takes a half-written cache.
 */
final class AgentAot {
    static final String CACHE = "weft-agent.aot";
    private static final String CLAIM = CACHE + ".training";
    private static final String OUTPUT_FLAG = "-XX:AOTCacheOutput=";
    /** A training that left no cache in this long (its agent was killed) gives way to another. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(15);

    private AgentAot() {
    }

    /** The JVM flags for an agent on {@code classpath}: use the cache, train it, or nothing. */
    static List<String> flags(String classpath) {
        Optional<Path> lib = jarDirectory(classpath);
        if (lib.isEmpty()) {
            return List.of();
        }
        Path cache = lib.get().resolve(CACHE);
        if (Files.isRegularFile(cache)) {
            return List.of("-XX:AOTCache=" + cache);
        }
        return claim(lib.get().resolve(CLAIM)) ? List.of(OUTPUT_FLAG + cache) : List.of();
    }

    /** Whether the agent with this command line is the one training the cache (so it must exit cleanly). */
    static boolean trains(long pid) {
        try { // not ProcessHandle.Info: it has no arguments for a process this JVM did not start
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
            return List.of(cmdline.split("\0")).stream().anyMatch(a -> a.startsWith(OUTPUT_FLAG));
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** The directory every classpath entry is a jar of, if there is one. */
    static Optional<Path> jarDirectory(String classpath) {
        if (classpath == null || classpath.isBlank()) {
            return Optional.empty();
        }
        Path dir = null;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.endsWith("*") && !entry.endsWith(".jar")) {
                return Optional.empty(); // a directory of classes
            }
            Path parent = Path.of(entry).toAbsolutePath().getParent();
            if (dir != null && !dir.equals(parent)) {
                return Optional.empty();
            }
            dir = parent;
        }
        return Optional.ofNullable(dir).filter(Files::isDirectory).filter(Files::isWritable);
    }

    private static boolean claim(Path claim) {
        try {
            Files.createFile(claim);
            return true;
        } catch (FileAlreadyExistsException held) {
            try {
                FileTime at = Files.getLastModifiedTime(claim);
                if (at.toInstant().isBefore(Instant.now().minus(STALE_CLAIM))) {
                    Files.setLastModifiedTime(claim, FileTime.from(Instant.now()));
                    return true;
                }
            } catch (IOException gone) {
                return false;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
