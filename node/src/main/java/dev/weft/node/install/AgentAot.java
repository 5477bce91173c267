package dev.weft.node.install;

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
 * A JDK AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) for weft's agent
 * ({@code weft agent}, {@code weft cni serve}): its start is mostly class loading (picocli, Jackson,
 * the datastore client, netlink, nft, BIRD's config), which the JVM path's cache
 * ({@code weft install --aot-cache}) does not cover, and its CNI ADD path runs a few hundred times
 * on a node, too few for C2 without the profiles (docs/BENCHMARKS.md: the in-agent ADD a quarter
 * faster with a cache trained on ADDs).
 *
 * <p>The cache is trained by the agents themselves, on the work they do, not by a synthetic run:
 * when an agent starts and no cache exists, that one agent (one per build: a claim file decides)
 * runs with {@code -XX:AOTCacheOutput}; the JVM writes the cache when the agent exits cleanly
 * (SIGTERM: a service stop, {@code weft lab down}, the end of {@code weft bench cni}). Every agent
 * started after that runs with {@code -XX:AOTCache}. Who uses it: the lab's agents
 * ({@code LabEnv}), {@code weft bench cni}'s agent, and the {@code weft} launcher, which repeats
 * these rules in shell for {@code agent} and {@code cni serve} ({@code AgentJvmTest} keeps the names
 * equal). The cache lives beside the jars ({@code build/lib/weft-agent.aot}), so a rebuild, which
 * replaces that directory, drops it; the JVM itself refuses a cache whose jars changed (and runs
 * without it). A classpath that is not a directory of jars (Maven's, in the tests) gets no cache:
 * the JVM accepts only jars in one.
 *
 * <p>The file the JVM writes is usable only once complete (the JVM writes its header last and
 * rejects a file without one), so a reader never takes a half-written cache.
 */
public final class AgentAot {
    public static final String CACHE = "weft-agent.aot";
    public static final String CLAIM = CACHE + ".training";
    private static final String OUTPUT_FLAG = "-XX:AOTCacheOutput=";
    /** A training that left no cache in this long (its agent was killed) gives way to another; the launcher says 15 too. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(15);

    private AgentAot() {
    }

    /** The JVM flags for an agent on {@code classpath}: use the cache, train it, or nothing. */
    public static List<String> flags(String classpath) {
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
    public static boolean trains(long pid) {
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
